using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ssm;

/// <summary>
/// <c>/aws/reference/secretsmanager/NAME</c>: GetParameter(s) with WithDecryption returns the Secrets Manager secret's value.
/// </summary>
// https://docs.aws.amazon.com/systems-manager/latest/userguide/integration-ps-secretsmanager.html
public static class SecretsManagerReference
{
    /// <summary>The Parameter structure for the referenced secret, or null when it does not exist.</summary>
    /// <remarks>TODO(secretsmanager): Secrets Manager (branch <c>kms</c>) is not merged yet; every reference is answered
    /// as missing until it is.</remarks>
    public static JsonObject? Get(OperationContext context, ParameterReference reference) => null;
}
