using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Conditions;

/// <summary>One operator applied to one key with its values, compiled once. Values OR; negated operators NOR.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
public sealed partial class CompiledCondition
{
    private readonly ValueTemplate[] _strings = [];
    private readonly ArnPattern?[] _arns = [];
    private readonly decimal[] _numbers = [];
    private readonly long[] _dates = [];
    private readonly IpNetwork[] _networks = [];
    private readonly bool[] _bools = [];
    private readonly byte[][] _binaries = [];

    public CompiledCondition(ConditionOperator op, string key, IReadOnlyList<string> values, bool variables)
    {
        Operator = op;
        Key = key;
        PolicyValues = values;
        var family = op.Base.Family;
        var useVariables = variables && op.Base.AllowsVariables;
        var count = values.Count;
        switch (family)
        {
            case OperatorFamily.String:
                var like = op.Base.Comparison == Comparison.Like;
                _strings = new ValueTemplate[count];
                for (var i = 0; i < count; i++)
                {
                    _strings[i] = ValueTemplate.Create(values[i], like, useVariables);
                }

                break;
            case OperatorFamily.Arn:
                _strings = new ValueTemplate[count];
                _arns = new ArnPattern?[count];
                for (var i = 0; i < count; i++)
                {
                    _strings[i] = ValueTemplate.Create(values[i], wildcards: true, useVariables);
                    _arns[i] = _strings[i].Constant is { } constant ? ArnPattern.FromEncoded(constant) : null;
                }

                break;
            case OperatorFamily.Numeric:
                _numbers = new decimal[count];
                for (var i = 0; i < count; i++)
                {
                    _numbers[i] = ConditionValueParsers.TryParseNumber(values[i], out var n) ? n : decimal.MinValue;
                }

                break;
            case OperatorFamily.Date:
                _dates = new long[count];
                for (var i = 0; i < count; i++)
                {
                    _dates[i] = ConditionValueParsers.TryParseDate(values[i], out var d) ? d : long.MinValue;
                }

                break;
            case OperatorFamily.IpAddress:
                _networks = new IpNetwork[count];
                for (var i = 0; i < count; i++)
                {
                    _networks[i] = ConditionValueParsers.TryParseNetwork(values[i], out var n) ? n : new IpNetwork(0, -1, false);
                }

                break;
            case OperatorFamily.Bool or OperatorFamily.Null:
                _bools = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    _bools[i] = ConditionValueParsers.TryParseBool(values[i], out var b) && b;
                }

                break;
            case OperatorFamily.Binary:
                _binaries = new byte[count][];
                for (var i = 0; i < count; i++)
                {
                    _binaries[i] = ConditionValueParsers.TryParseBinary(values[i], out var b) ? b : [];
                }

                break;
        }
    }

    public ConditionOperator Operator { get; }

    /// <summary>The policy variables its values read (besides <see cref="Key"/>).</summary>
    internal IEnumerable<string> VariableKeys => _strings.SelectMany(s => s.VariableKeys);

    public string Key { get; }

    public IReadOnlyList<string> PolicyValues { get; }

    /// <summary>Whether the condition holds for the request. Allocates nothing unless a value holds a variable.</summary>
    public bool Evaluate(RequestContext context)
    {
        var op = Operator;
        var value = context.Get(Key);
        if (op.Base.Family == OperatorFamily.Null)
        {
            // Null: true means "the key is absent". https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
            var absent = value is null || (value.IsMultiValued && value.Values.Length == 0);
            foreach (var expected in _bools)
            {
                if (expected == absent)
                {
                    return true;
                }
            }

            return false;
        }

        if (value is null)
        {
            // A missing key: IfExists and ForAllValues hold, ForAnyValue does not, negated operators hold.
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
            if (op.IfExists || op.Set == SetModifier.ForAllValues)
            {
                return true;
            }

            return op.Set != SetModifier.ForAnyValue && op.Base.Negated;
        }

        var values = value.Values;
        switch (op.Set)
        {
            case SetModifier.ForAnyValue:
                for (var i = 0; i < values.Length; i++)
                {
                    if (MatchesAny(values[i], value, context) != op.Base.Negated)
                    {
                        return true;
                    }
                }

                return false;
            case SetModifier.ForAllValues:
                for (var i = 0; i < values.Length; i++)
                {
                    if (MatchesAny(values[i], value, context) == op.Base.Negated)
                    {
                        return false;
                    }
                }

                return true;
            default:
                // A plain operator on a multi-valued key never matches (see docs/fidelity.md).
                if (value.IsMultiValued)
                {
                    return false;
                }

                return MatchesAny(values[0], value, context) != op.Base.Negated;
        }
    }

    /// <summary>Whether one request value equals (or is like) any of the policy values.</summary>
    private bool MatchesAny(string requestValue, ContextValue holder, RequestContext context)
    {
        var comparison = Operator.Base.Comparison;
        switch (Operator.Base.Family)
        {
            case OperatorFamily.String:
                for (var i = 0; i < _strings.Length; i++)
                {
                    var pattern = _strings[i].Constant ?? _strings[i].Resolve(context);
                    if (pattern is not null && StringMatches(comparison, pattern, requestValue))
                    {
                        return true;
                    }
                }

                return false;
            case OperatorFamily.Arn:
                for (var i = 0; i < _strings.Length; i++)
                {
                    var arn = _arns[i];
                    if (arn is null)
                    {
                        var resolved = _strings[i].Resolve(context);
                        if (resolved is null)
                        {
                            continue;
                        }

                        arn = ArnPattern.FromEncoded(resolved);
                    }

                    if (arn.Matches(requestValue))
                    {
                        return true;
                    }
                }

                return false;
            case OperatorFamily.Numeric:
                return ConditionValueParsers.TryParseNumber(requestValue, out var number) && MatchesNumber(comparison, number);
            case OperatorFamily.Date:
                return ConditionValueParsers.TryParseDate(requestValue, out var ticks) && MatchesDate(comparison, ticks);
            case OperatorFamily.Bool:
                if (!ConditionValueParsers.TryParseBool(requestValue, out var flag))
                {
                    return false;
                }

                foreach (var expected in _bools)
                {
                    if (expected == flag)
                    {
                        return true;
                    }
                }

                return false;
            case OperatorFamily.IpAddress:
                IpValue ip;
                if (holder.IsMultiValued ? !ConditionValueParsers.TryParseIp(requestValue, out ip) : !holder.TryGetIp(out ip))
                {
                    return false;
                }

                foreach (var network in _networks)
                {
                    if (network.PrefixLength >= 0 && network.Contains(ip))
                    {
                        return true;
                    }
                }

                return false;
            case OperatorFamily.Binary:
                if (!ConditionValueParsers.TryParseBinary(requestValue, out var bytes))
                {
                    return false;
                }

                foreach (var expected in _binaries)
                {
                    if (expected.AsSpan().SequenceEqual(bytes))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool StringMatches(Comparison comparison, string pattern, string value) => comparison switch
    {
        Comparison.Equals => string.Equals(pattern, value, StringComparison.Ordinal),
        Comparison.EqualsIgnoreCase => string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase),
        _ => Wildcard.Match(pattern, value, ignoreCase: false),
    };

    private bool MatchesNumber(Comparison comparison, decimal value)
    {
        foreach (var expected in _numbers)
        {
            if (Compare(comparison, value.CompareTo(expected)))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesDate(Comparison comparison, long value)
    {
        foreach (var expected in _dates)
        {
            if (Compare(comparison, value.CompareTo(expected)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Compare(Comparison comparison, int order) => comparison switch
    {
        Comparison.Equals => order == 0,
        Comparison.LessThan => order < 0,
        Comparison.LessThanEquals => order <= 0,
        Comparison.GreaterThan => order > 0,
        Comparison.GreaterThanEquals => order >= 0,
        _ => false,
    };
}
