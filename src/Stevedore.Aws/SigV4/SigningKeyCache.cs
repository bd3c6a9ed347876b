using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Derives SigV4 signing keys (kSecret → kDate → kRegion → kService → kSigning) and keeps a small bounded cache of
/// them per (secret, date, region, service): a key is valid for a day, so most requests reuse one.
/// </summary>
internal sealed class SigningKeyCache(int capacity = 1024)
{
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var key = (secret, date, region, service);
        if (_keys.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var derived = Derive(secret, date, region, service);
        if (_keys.Count >= capacity)
        {
            // Crude but bounded: keys are cheap to re-derive, and a full cache means many distinct secrets or days.
            _keys.Clear();
        }

        _keys[key] = derived;
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
}
