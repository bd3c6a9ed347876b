using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ec2;

/// <summary>VPCs: CreateVpc (with its default security group and main route table), DescribeVpcs, the DNS attributes, DeleteVpc.</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
public sealed partial class Ec2Service
{
    /// <summary>Non-default VPCs resolve DNS but give instances no DNS hostnames until asked.</summary>
    // https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support
    internal const string DnsSupport = "EnableDnsSupport";

    internal const string DnsHostnames = "EnableDnsHostnames";

    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> VpcFilters = new()
    {
        ["vpc-id"] = r => One(r, "VpcId"),
        ["cidr"] = r => One(r, "CidrBlock"),
        ["cidr-block-association.cidr-block"] = r => One(r, "CidrBlock"),
        ["state"] = r => One(r, "State"),
        ["is-default"] = r => One(r, "IsDefault"),
        ["owner-id"] = r => One(r, "OwnerId"),
        ["dhcp-options-id"] = r => One(r, "DhcpOptionsId"),
    };

    partial void RegisterVpcs()
    {
        Operation("CreateVpc", c => Creating(c, "vpc"), CreateVpc);
        Operation("DescribeVpcs", Everything, DescribeVpcs);
        Operation("ModifyVpcAttribute", c => On(c, c.RequiredString("VpcId")), ModifyVpcAttribute);
        Operation("DescribeVpcAttribute", c => On(c, c.RequiredString("VpcId")), DescribeVpcAttribute);
        Operation("DeleteVpc", c => On(c, c.RequiredString("VpcId")), DeleteVpc);
    }

    private static JsonObject CreateVpc(OperationContext context)
    {
        var text = context.String("CidrBlock")
            ?? throw new Aws.Protocols.AwsServiceException("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
        if (!Ipv4Cidr.TryParse(text, out var cidr))
        {
            throw Ec2Errors.InvalidCidr(text);
        }

        // A VPC is between /16 and /28. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
        if (cidr.PrefixLength is < 16 or > 28)
        {
            throw Ec2Errors.VpcRange(text);
        }

        var (account, region) = (context.AccountId, context.Region);
        var vpcId = Ec2Ids.New("vpc");
        var groupId = Ec2Ids.New("sg");
        var vpc = new JsonObject
        {
            ["VpcId"] = vpcId,
            ["OwnerId"] = account,
            ["InstanceTenancy"] = context.String("InstanceTenancy") ?? "default",
            ["CidrBlock"] = text,
            ["CidrBlockAssociationSet"] = new JsonArray(new JsonObject
            {
                ["AssociationId"] = Ec2Ids.New("vpc-cidr-assoc"),
                ["CidrBlock"] = text,
                ["CidrBlockState"] = new JsonObject { ["State"] = "associated" },
            }),
            ["IsDefault"] = false,
            ["State"] = "available",
            ["DhcpOptionsId"] = Ec2Ids.New("dopt"),
            ["Tags"] = TagArray(RequestedTags(context, "vpc")),
            [DnsSupport] = true,
            [DnsHostnames] = false,
            ["MainRouteTableId"] = Ec2Ids.New("rtb"),
            ["DefaultSecurityGroupId"] = groupId,
        };

        // Every VPC comes with a default security group: all traffic from its own members in, everything out.
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
        var group = SecurityGroup(context, groupId, "default", "default VPC security group", vpcId, []);
        group["IpPermissions"] = new JsonArray(new JsonObject
        {
            ["IpProtocol"] = "-1",
            ["UserIdGroupPairs"] = new JsonArray(new JsonObject { ["GroupId"] = groupId, ["UserId"] = account }),
        });

        context.Store.Write(tx =>
        {
            tx.Insert(Ec2Store.Key(account, region, Ec2Store.Vpcs, vpcId), vpc.ToJsonString());
            tx.Insert(Ec2Store.Key(account, region, Ec2Store.SecurityGroups, groupId), group.ToJsonString());
        });
        return new JsonObject { ["Vpc"] = Present(vpc) };
    }

    private static JsonObject DescribeVpcs(OperationContext context)
    {
        var vpcs = Ec2Filters.Apply(Selected(context, Ec2Store.Vpcs, context.Input["VpcIds"], "VpcId", Ec2Errors.VpcNotFound), context.Input["Filters"], VpcFilters).ToList();
        var (page, next) = Paginate(context, vpcs, "VpcId");
        return new JsonObject { ["Vpcs"] = new JsonArray([.. page.Select(Present)]), ["NextToken"] = next };
    }

    private static JsonObject? ModifyVpcAttribute(OperationContext context)
    {
        var vpcId = context.RequiredString("VpcId");
        var changes = new[] { DnsSupport, DnsHostnames, "EnableNetworkAddressUsageMetrics" }
            .Where(m => context.Input[m] is not null)
            .ToList();
        if (changes.Count != 1)
        {
            // One attribute per call. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html
            throw new Aws.Protocols.AwsServiceException(changes.Count == 0 ? "MissingParameter" : "InvalidParameterCombination",
                changes.Count == 0
                    ? "The request must contain the parameter EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics"
                    : $"Fields for multiple attribute types specified: {string.Join(", ", changes.Select(Attribute))}");
        }

        var member = changes[0];
        var value = context.Input[member]!["Value"]?.GetValue<bool>()
            ?? throw new Aws.Protocols.AwsServiceException("MissingParameter", $"The request must contain the parameter {member}.Value");
        context.Store.Write(tx =>
        {
            var key = Ec2Store.Key(context.AccountId, context.Region, Ec2Store.Vpcs, vpcId);
            var item = tx.Get(key) ?? throw Ec2Errors.VpcNotFound(vpcId);
            var vpc = Ec2Store.Read(item.Document);
            vpc[member] = value;
            tx.Update(key, vpc.ToJsonString(), item.Version);
        });
        return null;
    }

    private static string Attribute(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    private static JsonObject DescribeVpcAttribute(OperationContext context)
    {
        var vpcId = context.RequiredString("VpcId");
        var vpc = FindVpc(context, vpcId);
        var attribute = context.RequiredString("Attribute");
        var member = char.ToUpperInvariant(attribute[0]) + attribute[1..];
        var value = vpc[member]?.GetValue<bool>() ?? false;
        return new JsonObject { ["VpcId"] = vpcId, [member] = new JsonObject { ["Value"] = value } };
    }

    private static JsonObject? DeleteVpc(OperationContext context)
    {
        var vpcId = context.RequiredString("VpcId");
        var (account, region) = (context.AccountId, context.Region);
        context.Store.Write(tx =>
        {
            var key = Ec2Store.Key(account, region, Ec2Store.Vpcs, vpcId);
            var vpc = tx.Get(key) is { } item ? Ec2Store.Read(item.Document) : throw Ec2Errors.VpcNotFound(vpcId);
            var defaultGroup = vpc["DefaultSecurityGroupId"]?.GetValue<string>();

            // Subnets, endpoints and security groups other than the default one keep a VPC alive.
            // https://docs.aws.amazon.com/vpc/latest/userguide/delete-vpc.html
            var dependents = Ec2Store.All(tx, account, region, Ec2Store.Subnets)
                .Concat(Ec2Store.All(tx, account, region, Ec2Store.Endpoints))
                .Concat(Ec2Store.All(tx, account, region, Ec2Store.SecurityGroups).Where(g => g["GroupId"]!.GetValue<string>() != defaultGroup));
            if (dependents.Any(d => d["VpcId"]?.GetValue<string>() == vpcId))
            {
                throw Ec2Errors.Dependency("vpc", vpcId);
            }

            tx.Delete(key);
            if (defaultGroup is not null)
            {
                tx.Delete(Ec2Store.Key(account, region, Ec2Store.SecurityGroups, defaultGroup));
            }
        });
        return null;
    }

    private static JsonObject FindVpc(OperationContext context, string vpcId) =>
        Ec2Store.Find(context.Store, context.AccountId, context.Region, Ec2Store.Vpcs, vpcId) ?? throw Ec2Errors.VpcNotFound(vpcId);
}
