using System.Text.RegularExpressions;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>An S3 object ARN as the agent reads it (<c>arn:PARTITION:s3:::BUCKET/KEY</c>).</summary>
// Regex of the EC2 agent's envfile/firelens resources (reference sheet §2(e)).
public sealed partial record S3ObjectArn(string Partition, string Bucket, string Key)
{
    public string Arn => $"arn:{Partition}:s3:::{Bucket}/{Key}";

    public string BucketArn => $"arn:{Partition}:s3:::{Bucket}";

    public static S3ObjectArn? TryParse(string text)
    {
        var match = Pattern().Match(text);
        return match.Success ? new S3ObjectArn(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value) : null;
    }

    [GeneratedRegex(@"^arn:([^:]+):s3:::([^/]+)/(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
