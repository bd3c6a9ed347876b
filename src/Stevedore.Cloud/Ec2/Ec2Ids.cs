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

    /// <summary>Whether <paramref name="id"/> has an id's shape: <c>PREFIX-</c> and 8 or 17 hex digits (the older and the
    /// longer form). AWS checks the shape before it looks an id up.</summary>
    public static bool IsWellFormed(string id, string prefix) =>
        (id.Length == prefix.Length + 1 + 8 || id.Length == prefix.Length + 1 + 17) &&
        id.StartsWith(prefix, StringComparison.Ordinal) && id[prefix.Length] == '-' &&
        id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The ARN of an EC2 resource: <c>arn:aws:ec2:REGION:ACCOUNT:vpc/vpc-…</c>.</summary>
    public static string Arn(string region, string account, string resourceType, string id) => $"arn:aws:ec2:{region}:{account}:{resourceType}/{id}";
}
