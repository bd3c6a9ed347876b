using System.Text.Json.Serialization;

namespace Stevedore.Cloud.Kms;

/// <summary>How KMS records are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KmsKey))]
[JsonSerializable(typeof(KmsAlias))]
internal sealed partial class KmsJsonContext : JsonSerializerContext;
