using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.SecretsManager;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ssm;

/// <summary>
/// <c>/aws/reference/secretsmanager/NAME</c>: GetParameter(s) with WithDecryption returns the Secrets Manager secret's value.
/// Parameter Store makes Secrets Manager's GetSecretValue on the caller's behalf, so the caller needs
/// secretsmanager:GetSecretValue on the secret (and kms:Decrypt of its key via Secrets Manager) as for a direct call.
/// </summary>
// https://docs.aws.amazon.com/systems-manager/latest/userguide/integration-ps-secretsmanager.html
public static class SecretsManagerReference
{
    private static readonly Lazy<SecretsManagerService> SecretsManager = new(() => new SecretsManagerService());

    /// <summary>The Parameter structure for the referenced secret, or null when it does not exist.</summary>
    /// <remarks>A selector after the name is a version stage (<c>:AWSPREVIOUS</c>) or, when it is not all capitals, a
    /// version id.</remarks>
    public static JsonObject? Get(OperationContext context, ParameterReference reference)
    {
        var secretId = reference.Name[SsmNames.SecretsManagerPrefix.Length..];
        var input = new JsonObject { ["SecretId"] = secretId };
        if (reference.Selector is { } selector)
        {
            input[selector.All(c => char.IsAsciiLetterUpper(c) || c == '_') ? "VersionStage" : "VersionId"] = selector;
        }

        var service = SecretsManager.Value;
        var call = new OperationContext(context.Caller, context.Region, "GetSecretValue", input, context.Now, context.RequestId, context.Store)
        {
            Request = context.Request,
            SourceIp = context.SourceIp,
            SecureTransport = context.SecureTransport,
            Authorizer = context.Authorizer,
            Service = service,
        };

        JsonObject secret;
        try
        {
            // The call is Parameter Store's, not the caller's through a VPC endpoint: no endpoint service.
            call.Authorize(service.Target(call));
            secret = service.Invoke(call)!;
        }
        catch (AwsServiceException error) when (error.Code == "ResourceNotFoundException")
        {
            return null;
        }

        var parameter = new JsonObject
        {
            ["Name"] = reference.Name,
            ["Type"] = "SecureString",
            ["Value"] = secret["SecretString"]?.GetValue<string>() ?? Convert.ToBase64String(secret["SecretBinary"]!.GetValue<byte[]>()),
            ["Version"] = 0,
            ["SourceResult"] = SourceResult(secret),
            ["LastModifiedDate"] = secret["CreatedDate"]?.DeepClone(),
            ["ARN"] = secret["ARN"]?.GetValue<string>(),
            ["DataType"] = "text",
        };
        if (reference.Selector is not null)
        {
            parameter["Selector"] = ":" + reference.Selector;
        }

        return parameter;
    }

    /// <summary>GetSecretValue's answer as JSON text (dates as epoch seconds, as the Secrets Manager wire has them).</summary>
    private static string SourceResult(JsonObject secret)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in secret)
        {
            copy[key] = value switch
            {
                JsonValue v when v.TryGetValue<DateTimeOffset>(out var date) => date.ToUnixTimeMilliseconds() / 1000.0,
                JsonValue v when v.TryGetValue<byte[]>(out var bytes) => Convert.ToBase64String(bytes),
                _ => value?.DeepClone(),
            };
        }

        return copy.ToJsonString();
    }
}
