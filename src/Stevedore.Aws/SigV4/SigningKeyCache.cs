using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Derives SigV4 signing keys (kSecret → kDate → kRegion → kService → kSigning) and keeps a small bounded cache of
/// them per (secret, date, region, service): a key is valid for a day, so most requests reuse one.
/// </summary>
/// <remarks>
/// The last few keys used are checked first with plain string comparisons (the secret is usually the very same string
/// instance), which is cheaper than hashing four strings for the dictionary.
/// </remarks>
internal sealed class SigningKeyCache(int capacity = 1024)
{
    private const int RecentSlots = 8;

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();
    private readonly Entry?[] _recent = new Entry?[RecentSlots];
    private int _next;
    private int _count; // ConcurrentDictionary.Count takes every lock: counted here instead

    /// <summary>The cache the signer and the verifier share (the simulated agent signs what the endpoint verifies).</summary>
    public static SigningKeyCache Shared { get; } = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var recent = _recent;
        for (var i = 0; i < recent.Length; i++)
        {
            var entry = Volatile.Read(ref recent[i]);
            if (entry is not null && entry.Matches(secret, date, region, service))
            {
                return entry.Key;
            }
        }

        var key = (secret, date, region, service);
        if (!_keys.TryGetValue(key, out var derived))
        {
            derived = Derive(secret, date, region, service);
            if (Volatile.Read(ref _count) >= capacity)
            {
                // Crude but bounded: keys are cheap to re-derive, and a full cache means many distinct secrets or days.
                _keys.Clear();
                Volatile.Write(ref _count, 0);
            }

            if (_keys.TryAdd(key, derived))
            {
                Interlocked.Increment(ref _count);
            }
        }

        // Entries are immutable, so a racing writer only costs a slot; the slot index wraps around.
        var slot = (int)((uint)Interlocked.Increment(ref _next) % RecentSlots);
        Volatile.Write(ref recent[slot], new Entry(secret, date, region, service, derived));
        return derived;
    }

    public static byte[] Derive(string secret, string date, string region, string service)
    {
        var kSecret = Encoding.UTF8.GetBytes("AWS4" + secret);
        var kDate = HMACSHA256.HashData(kSecret, Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    private sealed class Entry(string secret, string date, string region, string service, byte[] key)
    {
        public byte[] Key { get; } = key;

        public bool Matches(string secret2, string date2, string region2, string service2) =>
            string.Equals(secret, secret2, StringComparison.Ordinal) &&
            string.Equals(date, date2, StringComparison.Ordinal) &&
            string.Equals(region, region2, StringComparison.Ordinal) &&
            string.Equals(service, service2, StringComparison.Ordinal);
    }
}
