using System.Text.Json.Serialization;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

/// <summary>How SSM records are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredParameter))]
internal sealed partial class SsmJsonContext : JsonSerializerContext;
