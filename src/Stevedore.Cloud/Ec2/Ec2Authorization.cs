namespace Stevedore.Cloud.Ec2;

/// <summary>
/// The one place EC2's operations meet IAM: each operation's action (<c>ec2:&lt;Operation&gt;</c>) and the resource types it
/// is authorized on, the first being the operation's own target (null: <c>*</c>, for the Describe actions that support no
/// resource-level permissions) and the rest further checks made by the handler.
/// </summary>
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
public static class Ec2Authorization
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string?>> ResourceTypes { get; } = new Dictionary<string, IReadOnlyList<string?>>
    {
        ["CreateVpc"] = ["vpc"],
        ["DescribeVpcs"] = [null],
        ["ModifyVpcAttribute"] = ["vpc"],
        ["DescribeVpcAttribute"] = ["vpc"],
        ["DeleteVpc"] = ["vpc"],
        ["CreateSubnet"] = ["subnet", "vpc"],
        ["DescribeSubnets"] = [null],
        ["DeleteSubnet"] = ["subnet"],
        ["CreateVpcEndpoint"] = ["vpc-endpoint", "vpc", "subnet", "security-group", "route-table"],
        ["DescribeVpcEndpoints"] = [null],
        ["ModifyVpcEndpoint"] = ["vpc-endpoint"],
        ["DeleteVpcEndpoints"] = ["vpc-endpoint"],
        ["CreateSecurityGroup"] = ["security-group", "vpc"],
        ["DescribeSecurityGroups"] = [null],
        ["DeleteSecurityGroup"] = ["security-group"],
        ["CreateTags"] = ["vpc", "subnet", "security-group", "vpc-endpoint"],
        ["DeleteTags"] = ["vpc", "subnet", "security-group", "vpc-endpoint"],
        ["DescribeTags"] = [null],
    };

    /// <summary>The IAM action of an operation.</summary>
    public static string Action(string operation) => "ec2:" + operation;

    /// <summary>The ARN resource type of an id (<c>vpc</c>, <c>subnet</c>, <c>security-group</c>, <c>vpc-endpoint</c>, <c>route-table</c>).</summary>
    public static string ResourceTypeOf(string id) => id switch
    {
        _ when id.StartsWith("vpce-", StringComparison.Ordinal) => "vpc-endpoint",
        _ when id.StartsWith("vpc-", StringComparison.Ordinal) => "vpc",
        _ when id.StartsWith("subnet-", StringComparison.Ordinal) => "subnet",
        _ when id.StartsWith("sg-", StringComparison.Ordinal) => "security-group",
        _ when id.StartsWith("rtb-", StringComparison.Ordinal) => "route-table",
        _ => "*",
    };
}
