using Stevedore.Policy.Matching;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>Where a <c>valueFrom</c> (or <c>credentialsParameter</c>) points.</summary>
public abstract record SecretSource(string Region, string ResourceArn);

/// <summary>An SSM parameter: <see cref="Name"/> is what GetParameters is sent (the valueFrom as written).</summary>
public sealed record SsmParameterSource(string Name, string Region, string ResourceArn) : SecretSource(Region, ResourceArn);

/// <summary>A Secrets Manager secret, with the <c>:json-key:version-stage:version-id</c> suffix split off.</summary>
/// <param name="ResourceIsPrefix">True when the secret is named without its 6-character suffix.</param>
public sealed record SecretsManagerSource(
    string SecretId, string Region, string ResourceArn, string? JsonKey, string? VersionStage, string? VersionId, bool ResourceIsPrefix)
    : SecretSource(Region, ResourceArn)
{
    public bool HasSuffixFields => JsonKey is not null || VersionStage is not null || VersionId is not null;
}

/// <summary>A valueFrom ECS would not accept, with the agent's text when it has one.</summary>
public sealed record InvalidSecretSource(string Problem, string? EcsMessage) : SecretSource("", "");

/// <summary>Classifies secret references as ECS does (reference sheet §2(d)).</summary>
public static class SecretSources
{
    /// <summary>A <c>secrets</c>/<c>secretOptions</c> valueFrom: a Secrets Manager ARN, an SSM parameter ARN, or else an SSM
    /// parameter name in the task's region and account.</summary>
    public static SecretSource ForValueFrom(string valueFrom, string region, string account, string partition)
    {
        Span<int> colons = stackalloc int[5];
        if (valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!ArnParts.TrySplit(valueFrom, colons))
            {
                return new InvalidSecretSource($"'{valueFrom}' is not a valid ARN", null);
            }

            var service = ArnParts.Part(valueFrom, colons, 2).ToString();
            var arnRegion = ArnParts.Part(valueFrom, colons, 3).ToString();
            return service switch
            {
                "ssm" => new SsmParameterSource(valueFrom, arnRegion, valueFrom),
                "secretsmanager" => SecretsManager(valueFrom, colons),
                _ => new InvalidSecretSource($"'{valueFrom}' is neither an SSM parameter nor a Secrets Manager secret ARN", null),
            };
        }

        // SSM parameter names: letters, digits, . - _ and / (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html)
        if (valueFrom.Length == 0 || valueFrom.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/')))
        {
            return new InvalidSecretSource($"'{valueFrom}' is not a valid SSM parameter name", null);
        }

        var path = valueFrom.StartsWith('/') ? valueFrom[1..] : valueFrom;
        return new SsmParameterSource(valueFrom, region, $"arn:{partition}:ssm:{region}:{account}:parameter/{path}");
    }

    /// <summary>A <c>repositoryCredentials.credentialsParameter</c>: a secret ARN, or a secret name in the task's region and account.</summary>
    public static SecretSource ForCredentialsParameter(string parameter, string region, string account, string partition)
    {
        Span<int> colons = stackalloc int[5];
        if (parameter.StartsWith("arn:", StringComparison.Ordinal) && ArnParts.TrySplit(parameter, colons))
        {
            return ArnParts.Part(parameter, colons, 2).SequenceEqual("secretsmanager")
                ? new SecretsManagerSource(parameter, ArnParts.Part(parameter, colons, 3).ToString(), ResourceArn(parameter), null, null, null, IsPrefix(parameter))
                : new InvalidSecretSource($"'{parameter}' is not a Secrets Manager secret ARN", null);
        }

        return new SecretsManagerSource(parameter, region, $"arn:{partition}:secretsmanager:{region}:{account}:secret:{parameter}", null, null, null, true);
    }

    // The EC2 agent: the resource part splits into 2 fields (secret:ID) or 5 (secret:ID:KEY:STAGE:VERSIONID) (agent/asm/asm.go).
    private static SecretSource SecretsManager(string valueFrom, ReadOnlySpan<int> colons)
    {
        var resource = ArnParts.Part(valueFrom, colons, 5).ToString();
        var fields = resource.Split(':');
        if (fields.Length == 2)
        {
            return new SecretsManagerSource(valueFrom, ArnParts.Part(valueFrom, colons, 3).ToString(), valueFrom, null, null, null, IsPrefix(valueFrom));
        }

        if (fields.Length != 5)
        {
            // agent/asm/asm.go (reference sheet §3.4, "ASM bad ARN")
            return new InvalidSecretSource(
                "the Secrets Manager ARN must be 'arn:…:secret:ID' or 'arn:…:secret:ID:json-key:version-stage:version-id'",
                $"trying to retrieve secret with value {valueFrom} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.");
        }

        var secretId = valueFrom[..(colons[4] + 1)] + fields[0] + ":" + fields[1];
        return new SecretsManagerSource(secretId, ArnParts.Part(valueFrom, colons, 3).ToString(), secretId,
            NullIfEmpty(fields[2]), NullIfEmpty(fields[3]), NullIfEmpty(fields[4]), IsPrefix(secretId));
    }

    private static string ResourceArn(string arn) => arn;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    // A full secret ARN ends with "-" and six random characters (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
    private static bool IsPrefix(string secretArn)
    {
        var id = secretArn[(secretArn.IndexOf(":secret:", StringComparison.Ordinal) + 8)..];
        var dash = id.LastIndexOf('-');
        return dash < 0 || id.Length - dash - 1 != 6 || !id[(dash + 1)..].All(char.IsAsciiLetterOrDigit);
    }
}
