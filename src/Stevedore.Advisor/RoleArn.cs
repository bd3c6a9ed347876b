namespace Stevedore.Advisor;

/// <summary>The parts of an IAM role ARN (<c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>).</summary>
internal readonly record struct RoleArn(string Partition, string Account, string Path, string Name)
{
    public static RoleArn? Parse(string? arn)
    {
        if (arn is null)
        {
            return null;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal))
        {
            return null;
        }

        var resource = parts[5]["role".Length..];
        var slash = resource.LastIndexOf('/');
        return new RoleArn(parts[1], parts[4], resource[..(slash + 1)], resource[(slash + 1)..]);
    }

    public string ToArn() => $"arn:{Partition}:iam::{Account}:role{Path}{Name}";
}
