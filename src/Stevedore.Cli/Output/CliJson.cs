using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stevedore.Cli.Output;

internal sealed record ValidateJson(bool Valid, IReadOnlyList<ErrorJson> Errors, IReadOnlyList<WarningJson> Warnings);

internal sealed record ErrorJson(string Code, string Message, string Path);

internal sealed record WarningJson(string Message, string Path);

internal sealed record SimulateJson(
    string Decision,
    string DecidedBy,
    string? Message,
    RequestJson Request,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StatementJson>? DecidingStatements = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StatementJson>? MatchedStatements = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FailedConditionJson>? FailedConditions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MissingContextKeys = null);

internal sealed record RequestJson(string Principal, string Action, string Resource, string ResourceAccount, JsonObject Context);

internal sealed record StatementJson(string PolicyId, string PolicyType, int StatementIndex, string? Sid, string Effect);

internal sealed record FailedConditionJson(
    StatementJson Statement,
    string Operator,
    string Key,
    IReadOnlyList<string> PolicyValues,
    IReadOnlyList<string>? RequestValues,
    string Reason);

/// <summary>Source-generated, camelCase, indented JSON for the CLI's outputs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ValidateJson))]
[JsonSerializable(typeof(SimulateJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>ARNs and messages keep their quotes and '+' readable instead of \u0022 escapes.</summary>
    public static CliJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
