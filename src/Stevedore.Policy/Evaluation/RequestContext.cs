namespace Stevedore.Policy.Evaluation;

/// <summary>The condition keys of one request. Key names are case-insensitive, as in IAM.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
public sealed class RequestContext
{
    private readonly Dictionary<string, ContextValue> _values = new(StringComparer.OrdinalIgnoreCase);

    public static RequestContext Empty { get; } = new();

    public RequestContext Set(string key, string value)
    {
        _values[key] = new ContextValue(value);
        return this;
    }

    public RequestContext SetMulti(string key, IEnumerable<string> values)
    {
        _values[key] = new ContextValue(values);
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
