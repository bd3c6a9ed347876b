namespace Stevedore.Cloud.Ec2;

/// <summary>The AWS services Stevedore offers VPC endpoints for (<c>com.amazonaws.REGION.SERVICE</c>) and their endpoint types.</summary>
// https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html (gateway endpoints: S3 and DynamoDB)
public static class Ec2EndpointServices
{
    public static IReadOnlySet<string> Interface { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ecr.api", "ecr.dkr", "s3", "secretsmanager", "ssm", "logs", "kms", "sts", "ecs", "ecs-agent", "ecs-telemetry", "events", "dynamodb",
    };

    public static IReadOnlySet<string> Gateway { get; } = new HashSet<string>(StringComparer.Ordinal) { "s3", "dynamodb" };

    /// <summary>The full service name in a region.</summary>
    public static string Name(string region, string service) => $"com.amazonaws.{region}.{service}";

    /// <summary>The short service (<c>ecr.api</c>) of a known service name in <paramref name="region"/>, or null.</summary>
    public static string? ServiceOf(string region, string serviceName)
    {
        var prefix = $"com.amazonaws.{region}.";
        if (!serviceName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var service = serviceName[prefix.Length..];
        return Interface.Contains(service) || Gateway.Contains(service) ? service : null;
    }

    /// <summary>The policy an endpoint gets when none is given: full access for everyone, as EC2 shows it.</summary>
    // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html#default-endpoint-policy
    public const string DefaultPolicy = """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";
}
