using System.Text.Json.Serialization;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Sts;

namespace Stevedore.Cloud.Iam;

/// <summary>How IAM and STS records are stored (JSON documents in the state store).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(AccessKey))]
[JsonSerializable(typeof(ManagedPolicy))]
[JsonSerializable(typeof(SessionRecord))]
internal sealed partial class IamJsonContext : JsonSerializerContext;
