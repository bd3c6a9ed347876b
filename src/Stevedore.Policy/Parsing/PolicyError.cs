namespace Stevedore.Policy.Parsing;

/// <summary>A validation failure in IAM's own words, with the JSON path of the fault.</summary>
/// <param name="Code">The AWS error code: <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c> or <c>ValidationError</c>.</param>
/// <param name="Message">The message text IAM returns.</param>
/// <param name="Path">Where in the document, e.g. <c>Statement[2].Condition</c>; empty for the whole document.</param>
public sealed record PolicyError(string Code, string Message, string Path)
{
    public const string Malformed = "MalformedPolicyDocument";
    public const string LimitExceeded = "LimitExceeded";
    public const string ValidationError = "ValidationError";

    public override string ToString() => Path.Length == 0 ? $"{Code}: {Message}" : $"{Code}: {Message} (at {Path})";
}
