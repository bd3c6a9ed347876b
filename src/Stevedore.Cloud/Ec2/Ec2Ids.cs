using System.Security.Cryptography;

namespace Stevedore.Cloud.Ec2;

/// <summary>EC2 resource ids as AWS forms them: a prefix and 17 lower-case hex digits (<c>vpc-0a1b2c3d4e5f60718</c>).</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
public static class Ec2Ids
{
    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[9];
        RandomNumberGenerator.Fill(bytes);
        return prefix + "-" + Convert.ToHexStringLower(bytes)[..17];
    }

    /// <summary>The ARN of an EC2 resource: <c>arn:aws:ec2:REGION:ACCOUNT:vpc/vpc-…</c>.</summary>
    public static string Arn(string region, string account, string resourceType, string id) => $"arn:aws:ec2:{region}:{account}:{resourceType}/{id}";
}
