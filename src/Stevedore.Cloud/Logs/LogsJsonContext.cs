using System.Text.Json.Serialization;

namespace Stevedore.Cloud.Logs;

/// <summary>How CloudWatch Logs records are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogGroupRecord))]
[JsonSerializable(typeof(LogStreamRecord))]
[JsonSerializable(typeof(EventChunk))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
