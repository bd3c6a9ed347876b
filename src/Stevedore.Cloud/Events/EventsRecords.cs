using System.Text.Json.Serialization;

namespace Stevedore.Cloud.Events;

/// <summary>A rule as stored, with its targets (each the target structure as the caller sent it, as JSON).</summary>
internal sealed record RuleRecord(
    string Name,
    string EventBusName,
    string? EventPattern,
    string? ScheduleExpression,
    string State,
    string? Description,
    string? RoleArn,
    string CreatedBy,
    List<RuleTag> Tags,
    List<string> Targets);

internal sealed record RuleTag(string Key, string Value);

/// <summary>How EventBridge records are stored.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuleRecord))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
