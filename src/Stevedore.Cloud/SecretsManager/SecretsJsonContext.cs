using System.Text.Json.Serialization;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>How secrets are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Secret))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
