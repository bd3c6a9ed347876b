namespace Stevedore.Policy.Evaluation;

/// <summary>The condition keys of one request. Key names are case-insensitive, as in IAM.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
public sealed class RequestContext
{
    private readonly Dictionary<string, ContextValue> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly PolicySet? _readBy;

    public RequestContext()
    {
    }

    private RequestContext(PolicySet readBy) => _readBy = readBy;

    public static RequestContext Empty { get; } = new();

    /// <summary>
    /// A context for evaluating <paramref name="policies"/> alone: it keeps only the keys some policy of the set reads
    /// and drops the others as they are set (so a request builds no values nothing will look at). Not for
    /// explanations that list the request's keys.
    /// </summary>
    public static RequestContext ReadBy(PolicySet policies) => new(policies);

    public RequestContext Set(string key, string value)
    {
        if (_readBy?.Reads(key) != false)
        {
            _values[key] = new ContextValue(value);
        }

        return this;
    }

    public RequestContext SetMulti(string key, IEnumerable<string> values)
    {
        if (_readBy?.Reads(key) != false)
        {
            _values[key] = new ContextValue(values);
        }

        return this;
    }

    public bool Contains(string key) => _values.ContainsKey(key);

    public ContextValue? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    public IEnumerable<KeyValuePair<string, ContextValue>> Entries => _values;

    /// <summary>Resolves <c>${key}</c>: only single-valued keys can be policy variables.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    public string? ResolveVariable(string key)
    {
        var value = Get(key);
        return value is { IsMultiValued: false } ? value.Single : null;
    }
}
