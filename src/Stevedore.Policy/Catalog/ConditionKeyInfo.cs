namespace Stevedore.Policy.Catalog;

/// <summary>Value type of a condition key, as published in the Service Authorization Reference.</summary>
public enum ConditionKeyType
{
    Unknown,
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Date,
    ArrayOfDate,
    Numeric,
    ArrayOfNumeric,
    IPAddress,
    ArrayOfIPAddress,
    Binary,
    ArrayOfBinary,
}

/// <summary>A condition key (service-specific or global) and its value type.</summary>
/// <param name="Name">The key as published, e.g. <c>ecr:ResourceTag/${TagKey}</c> or <c>aws:SourceArn</c>.</param>
public sealed record ConditionKeyInfo(string Name, ConditionKeyType Type)
{
    /// <summary>True for the <c>ArrayOf…</c> types (multi-valued keys, used with ForAnyValue/ForAllValues).</summary>
    public bool IsMultiValued => Type is ConditionKeyType.ArrayOfString or ConditionKeyType.ArrayOfArn
        or ConditionKeyType.ArrayOfBool or ConditionKeyType.ArrayOfDate or ConditionKeyType.ArrayOfNumeric
        or ConditionKeyType.ArrayOfIPAddress or ConditionKeyType.ArrayOfBinary;

    /// <summary>True when the name contains a placeholder such as <c>${TagKey}</c>, <c>&lt;key&gt;</c> or a trailing <c>/tag-key</c>.</summary>
    public bool IsTemplate => CatalogPattern.IsConditionKeyTemplate(Name);

    internal static ConditionKeyType ParseType(string raw) => raw switch
    {
        "String" => ConditionKeyType.String,
        "ArrayOfString" => ConditionKeyType.ArrayOfString,
        "ARN" => ConditionKeyType.Arn,
        "ArrayOfARN" => ConditionKeyType.ArrayOfArn,
        "Bool" => ConditionKeyType.Bool,
        "ArrayOfBool" => ConditionKeyType.ArrayOfBool,
        "Date" => ConditionKeyType.Date,
        "ArrayOfDate" => ConditionKeyType.ArrayOfDate,
        "Numeric" => ConditionKeyType.Numeric,
        "ArrayOfNumeric" => ConditionKeyType.ArrayOfNumeric,
        "IPAddress" => ConditionKeyType.IPAddress,
        "ArrayOfIPAddress" => ConditionKeyType.ArrayOfIPAddress,
        "Binary" => ConditionKeyType.Binary,
        "ArrayOfBinary" => ConditionKeyType.ArrayOfBinary,
        _ => ConditionKeyType.Unknown,
    };
}
