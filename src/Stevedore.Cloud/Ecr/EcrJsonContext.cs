using System.Text.Json.Serialization;

namespace Stevedore.Cloud.Ecr;

/// <summary>How ECR records are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EcrRepository))]
[JsonSerializable(typeof(EcrImage))]
[JsonSerializable(typeof(EcrLayer))]
internal sealed partial class EcrJsonContext : JsonSerializerContext;
