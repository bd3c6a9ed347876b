using System.Collections.Concurrent;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>
/// Compiled policies are immutable, so each distinct document is compiled once and shared. Keyed by the
/// document text and type; bounded, so a stream of distinct documents cannot grow it without limit.
/// </summary>
public sealed class CompiledPolicyCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<(string Document, PolicyType Type, string Id), CompiledPolicy> _compiled = new();
    private readonly IdentityCache<CompiledPolicy> _same = new();

    /// <summary>Compiles a stored (already validated) document; throws <see cref="PolicyParseException"/> if it is not valid.</summary>
    public CompiledPolicy Get(string document, PolicyType type, string id)
    {
        if (_same.TryGet(document, out var cached) && cached.Type == type && cached.Id == id)
        {
            return cached;
        }

        var key = (document, type, id);
        if (_compiled.TryGetValue(key, out cached))
        {
            _same.Set(document, cached);
            return cached;
        }

        var compiled = PolicyCompiler.Compile(document, type, id);
        if (_compiled.Count >= capacity)
        {
            _compiled.Clear();
        }

        _compiled.TryAdd(key, compiled);
        _same.Set(document, compiled);
        return compiled;
    }
}
