namespace Stevedore.Policy.Document;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>A parsed policy document, kept close to its JSON so it prints back the same.</summary>
/// <param name="StatementIsArray">Whether <c>Statement</c> was written as an array (it may be a single object).</param>
public sealed record PolicyDocument(
    string? Version,
    string? Id,
    EquatableArray<Statement> Statements,
    bool StatementIsArray)
{
    public const string Version2012 = "2012-10-17";
    public const string Version2008 = "2008-10-17";

    /// <summary>Policy variables are substituted only under 2012-10-17; elsewhere <c>${…}</c> is literal text.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    public bool SupportsVariables => Version == Version2012;
}

/// <param name="Effect">Allow or Deny.</param>
/// <param name="Principal">Principal or NotPrincipal, as <see cref="IsNotPrincipal"/> says.</param>
/// <param name="Action">Action or NotAction, as <see cref="IsNotAction"/> says; null only in an invalid document.</param>
/// <param name="Resource">Resource or NotResource; null in trust policies.</param>
public sealed record Statement(
    string? Sid,
    PolicyEffect Effect,
    PrincipalBlock? Principal,
    bool IsNotPrincipal,
    ValueList? Action,
    bool IsNotAction,
    ValueList? Resource,
    bool IsNotResource,
    EquatableArray<ConditionBlock> Conditions)
{
    public string PrincipalKey => IsNotPrincipal ? "NotPrincipal" : "Principal";

    public string ActionKey => IsNotAction ? "NotAction" : "Action";

    public string ResourceKey => IsNotResource ? "NotResource" : "Resource";
}

/// <summary>A string or an array of strings, remembering which form it was written in.</summary>
public sealed record ValueList(EquatableArray<string> Values, bool IsArray)
{
    public static ValueList Single(string value) => new(new EquatableArray<string>([value]), false);

    public static ValueList Of(params string[] values) => new(new EquatableArray<string>(values), true);
}

/// <summary><c>"*"</c>, or a map of principal types (AWS, Service, Federated, CanonicalUser) to values.</summary>
public sealed record PrincipalBlock(bool IsWildcard, EquatableArray<PrincipalEntry> Entries)
{
    public static PrincipalBlock Wildcard { get; } = new(true, EquatableArray<PrincipalEntry>.Empty);
}

public sealed record PrincipalEntry(string Type, ValueList Values);

/// <summary>One condition operator with its keys: <c>"StringEquals": {"aws:SourceVpc": "vpc-1"}</c>.</summary>
public sealed record ConditionBlock(string Operator, EquatableArray<ConditionKeyValues> Keys);

public sealed record ConditionKeyValues(string Key, EquatableArray<ConditionLiteral> Values, bool IsArray);

public enum LiteralKind
{
    String,
    Number,
    Boolean,
}

/// <summary>A condition value as written: JSON allows strings, numbers and booleans.</summary>
public sealed record ConditionLiteral(string Text, LiteralKind Kind)
{
    public static ConditionLiteral Of(string text) => new(text, LiteralKind.String);
}
