namespace Stevedore.LaunchPlan.Context;

/// <summary>The ARN partition and DNS suffix of a region.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
public static class Partitions
{
    public static string Of(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    public static string DnsSuffix(string region) => Of(region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}
