using System.Collections.Frozen;

namespace Stevedore.Policy.Conditions;

public enum OperatorFamily
{
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// <summary>How a comparison inside a family is made.</summary>
public enum Comparison
{
    Equals,
    EqualsIgnoreCase,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

public enum SetModifier
{
    None,
    ForAnyValue,
    ForAllValues,
}

/// <summary>A base condition operator: its family, comparison, and whether it is negated.</summary>
/// <param name="AllowsVariables">Whether policy variables are substituted in its values.</param>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
public sealed record BaseOperator(string Name, OperatorFamily Family, Comparison Comparison, bool Negated, bool AllowsVariables)
{
    private static readonly BaseOperator[] All =
    [
        new("StringEquals", OperatorFamily.String, Comparison.Equals, false, true),
        new("StringNotEquals", OperatorFamily.String, Comparison.Equals, true, true),
        new("StringEqualsIgnoreCase", OperatorFamily.String, Comparison.EqualsIgnoreCase, false, true),
        new("StringNotEqualsIgnoreCase", OperatorFamily.String, Comparison.EqualsIgnoreCase, true, true),
        new("StringLike", OperatorFamily.String, Comparison.Like, false, true),
        new("StringNotLike", OperatorFamily.String, Comparison.Like, true, true),
        new("NumericEquals", OperatorFamily.Numeric, Comparison.Equals, false, false),
        new("NumericNotEquals", OperatorFamily.Numeric, Comparison.Equals, true, false),
        new("NumericLessThan", OperatorFamily.Numeric, Comparison.LessThan, false, false),
        new("NumericLessThanEquals", OperatorFamily.Numeric, Comparison.LessThanEquals, false, false),
        new("NumericGreaterThan", OperatorFamily.Numeric, Comparison.GreaterThan, false, false),
        new("NumericGreaterThanEquals", OperatorFamily.Numeric, Comparison.GreaterThanEquals, false, false),
        new("DateEquals", OperatorFamily.Date, Comparison.Equals, false, false),
        new("DateNotEquals", OperatorFamily.Date, Comparison.Equals, true, false),
        new("DateLessThan", OperatorFamily.Date, Comparison.LessThan, false, false),
        new("DateLessThanEquals", OperatorFamily.Date, Comparison.LessThanEquals, false, false),
        new("DateGreaterThan", OperatorFamily.Date, Comparison.GreaterThan, false, false),
        new("DateGreaterThanEquals", OperatorFamily.Date, Comparison.GreaterThanEquals, false, false),
        new("Bool", OperatorFamily.Bool, Comparison.Equals, false, true),
        new("BinaryEquals", OperatorFamily.Binary, Comparison.Equals, false, false),
        new("IpAddress", OperatorFamily.IpAddress, Comparison.Equals, false, false),
        new("NotIpAddress", OperatorFamily.IpAddress, Comparison.Equals, true, false),
        new("ArnEquals", OperatorFamily.Arn, Comparison.Like, false, true),
        new("ArnLike", OperatorFamily.Arn, Comparison.Like, false, true),
        new("ArnNotEquals", OperatorFamily.Arn, Comparison.Like, true, true),
        new("ArnNotLike", OperatorFamily.Arn, Comparison.Like, true, true),
        new("Null", OperatorFamily.Null, Comparison.Equals, false, false),
    ];

    private static readonly FrozenDictionary<string, BaseOperator> ByName =
        All.ToFrozenDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<BaseOperator> Operators => All;

    public static bool TryGet(string name, out BaseOperator op) => ByName.TryGetValue(name, out op!);
}

/// <summary>A full operator as written: optional set prefix, base operator, optional IfExists.</summary>
public sealed record ConditionOperator(string Text, BaseOperator Base, SetModifier Set, bool IfExists)
{
    private const string IfExistsSuffix = "IfExists";

    // Operators are few and repeat in every policy; parsed ones are kept (bounded, so odd input cannot grow it).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConditionOperator> Parsed = new(StringComparer.Ordinal);

    /// <summary>Parses <c>ForAnyValue:StringLikeIfExists</c> and the like; false for an unknown operator.</summary>
    public static bool TryParse(string text, out ConditionOperator op, out bool nullWithIfExists)
    {
        if (Parsed.TryGetValue(text, out op!))
        {
            nullWithIfExists = false;
            return true;
        }

        if (!TryParseUncached(text, out op, out nullWithIfExists))
        {
            return false;
        }

        if (Parsed.Count < 1024)
        {
            Parsed.TryAdd(text, op);
        }

        return true;
    }

    private static bool TryParseUncached(string text, out ConditionOperator op, out bool nullWithIfExists)
    {
        op = null!;
        nullWithIfExists = false;
        var rest = text.AsSpan();
        var set = SetModifier.None;
        if (rest.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            set = SetModifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        else if (rest.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            set = SetModifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }

        var ifExists = false;
        if (rest.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase) && rest.Length > IfExistsSuffix.Length)
        {
            ifExists = true;
            rest = rest[..^IfExistsSuffix.Length];
        }

        if (!BaseOperator.TryGet(rest.ToString(), out var baseOp))
        {
            return false;
        }

        if (ifExists && baseOp.Family == OperatorFamily.Null)
        {
            // Null cannot take IfExists: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
            nullWithIfExists = true;
            return false;
        }

        op = new ConditionOperator(text, baseOp, set, ifExists);
        return true;
    }
}
