using Stevedore.Policy.Conditions;

namespace Stevedore.Policy.Evaluation;

/// <summary>A request context value: one string, or a set of strings for a multi-valued key.</summary>
/// <remarks>Typed readings (IP, number, date) are parsed once and cached, so repeated evaluations allocate nothing.</remarks>
public sealed class ContextValue
{
    private IpValue? _ip;
    private bool _ipParsed;

    public ContextValue(string value)
    {
        Values = [value];
        IsMultiValued = false;
    }

    public ContextValue(IEnumerable<string> values)
    {
        Values = [.. values];
        IsMultiValued = true;
    }

    public string[] Values { get; }

    /// <summary>True for keys given as a set (<c>aws:TagKeys</c>, …), even with one or zero members.</summary>
    public bool IsMultiValued { get; }

    public string Single => Values[0];

    internal bool TryGetIp(out IpValue ip)
    {
        if (!_ipParsed)
        {
            _ip = ConditionValueParsers.TryParseIp(Values.Length == 1 ? Values[0] : "", out var parsed) ? parsed : null;
            _ipParsed = true;
        }

        ip = _ip.GetValueOrDefault();
        return _ip.HasValue;
    }
}
