using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Input;

namespace Stevedore.Cli;

/// <summary>
/// The customer managed KMS keys of a task's secrets, read from a running endpoint (the advisor's <c>--kms-key</c>):
/// Secrets Manager <c>DescribeSecret</c> (<c>KmsKeyId</c>) and SSM <c>DescribeParameters</c> (<c>KeyId</c>), then KMS
/// <c>DescribeKey</c> (<c>KeyManager</c> CUSTOMER). AWS managed keys (aws/secretsmanager, aws/ssm) need no grant from the
/// role and are left out; a secret the endpoint does not hold (or will not describe) is left out too (its key is unknown).
/// </summary>
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
internal static class EndpointKmsKeys
{
    public static void Add(EndpointClient client, TaskDefinition definition, string region, Dictionary<string, string> keys)
    {
        var references = definition.Containers.SelectMany(c => c.Secrets.Concat(c.LogConfiguration?.SecretOptions ?? []).Select(s => s.ValueFrom.Value)
            .Concat(c.CredentialsParameter is { } p ? [p.Value] : []));
        foreach (var valueFrom in references.Distinct(StringComparer.Ordinal))
        {
            if (keys.ContainsKey(valueFrom))
            {
                continue;
            }

            var parts = valueFrom.Split(':');
            var isArn = parts.Length >= 6 && parts[0] == "arn";
            var at = isArn ? parts[3] : region;
            var key = isArn && parts[2] == "secretsmanager" && parts.Length >= 7 ? SecretKey(client, string.Join(':', parts[..7]), at)
                : !isArn || parts[2] == "ssm" ? ParameterKey(client, isArn ? ParameterName(parts[5..]) : valueFrom, at)
                : null;
            if (key is not null && CustomerManaged(client, key, at) is { } keyArn)
            {
                keys[valueFrom] = keyArn;
                if (isArn && parts[2] == "secretsmanager" && parts.Length > 7)
                {
                    keys.TryAdd(string.Join(':', parts[..7]), keyArn);
                }
            }
        }
    }

    private static string ParameterName(string[] resource)
    {
        // "parameter/app/db" → "/app/db"; "parameter/name" → "name" (a name without a leading slash).
        var text = string.Join(':', resource)["parameter".Length..];
        return text.Count(c => c == '/') > 1 ? text : text.TrimStart('/');
    }

    private static string? SecretKey(EndpointClient client, string secretArn, string region) =>
        Try(() => client.Json("secretsmanager", "secretsmanager.DescribeSecret", new JsonObject { ["SecretId"] = secretArn }, region)["KmsKeyId"]?.GetValue<string>());

    private static string? ParameterKey(EndpointClient client, string name, string region) =>
        Try(() => client.Json("ssm", "AmazonSSM.DescribeParameters", new JsonObject
        {
            ["ParameterFilters"] = new JsonArray((JsonNode)new JsonObject { ["Key"] = "Name", ["Values"] = new JsonArray((JsonNode)JsonValue.Create(name)) }),
        }, region)["Parameters"]?.AsArray().FirstOrDefault()?["KeyId"]?.GetValue<string>());

    private static string? CustomerManaged(EndpointClient client, string key, string region) =>
        Try(() => client.Json("kms", "TrentService.DescribeKey", new JsonObject { ["KeyId"] = key }, region)["KeyMetadata"] is { } metadata
            && metadata["KeyManager"]?.GetValue<string>() == "CUSTOMER" ? metadata["Arn"]?.GetValue<string>() : null);

    private static string? Try(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (EndpointErrorException)
        {
            return null;
        }
    }
}
