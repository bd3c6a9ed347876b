using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stevedore.Cloud.Services;

/// <summary>
/// Stored documents parsed once: a role, a secret or a key is read on almost every request that touches it, and
/// parsing its JSON cost more than the rest of such a request's service work. Keyed by the document's text (equal
/// text, equal record), so it is as durable as the store itself and needs no invalidation: a changed resource is a new
/// text. Only for records whose members are immutable (read-only collections): callers get a shared instance.
/// </summary>
public static class ParsedDocuments
{
    /// <summary>How many texts are remembered per record type before the memory starts over.</summary>
    private const int Capacity = 4096;

    public static T Read<T>(string json, JsonTypeInfo<T> type) where T : class
    {
        if (Memo<T>.Same.TryGet(json, out var parsed))
        {
            return parsed;
        }

        var memo = Memo<T>.Parsed;
        if (memo.TryGetValue(json, out parsed))
        {
            Memo<T>.Same.Set(json, parsed);
            return parsed;
        }

        parsed = JsonSerializer.Deserialize(json, type)!;
        if (memo.Count >= Capacity)
        {
            memo.Clear();
        }

        memo.TryAdd(json, parsed);
        Memo<T>.Same.Set(json, parsed);
        return parsed;
    }

    private static class Memo<T>
        where T : class
    {
        public static readonly ConcurrentDictionary<string, T> Parsed = new(StringComparer.Ordinal);

        /// <summary>The same text instance again (a read answered from the store's read cache): no hashing.</summary>
        public static readonly IdentityCache<T> Same = new();
    }
}
