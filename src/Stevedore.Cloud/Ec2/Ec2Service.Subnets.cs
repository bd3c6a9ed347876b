using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ec2;

/// <summary>Subnets: a CIDR inside the VPC's, in one Availability Zone of the region.</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
public sealed partial class Ec2Service
{
    /// <summary>The Availability Zones Stevedore offers in every region (a–f).</summary>
    private const string ZoneLetters = "abcdef";

    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> SubnetFilters = new()
    {
        ["subnet-id"] = r => One(r, "SubnetId"),
        ["vpc-id"] = r => One(r, "VpcId"),
        ["cidr-block"] = r => One(r, "CidrBlock"),
        ["cidr"] = r => One(r, "CidrBlock"),
        ["availability-zone"] = r => One(r, "AvailabilityZone"),
        ["availability-zone-id"] = r => One(r, "AvailabilityZoneId"),
        ["state"] = r => One(r, "State"),
        ["default-for-az"] = r => One(r, "DefaultForAz"),
        ["owner-id"] = r => One(r, "OwnerId"),
        ["subnet-arn"] = r => One(r, "SubnetArn"),
    };

    partial void RegisterSubnets()
    {
        Operation("CreateSubnet", c => Creating(c, "subnet"), CreateSubnet);
        Operation("DescribeSubnets", Everything, DescribeSubnets);
        Operation("DeleteSubnet", c => On(c, c.RequiredString("SubnetId")), DeleteSubnet);
    }

    private static JsonObject CreateSubnet(OperationContext context)
    {
        var vpcId = context.RequiredString("VpcId");
        var vpc = FindVpc(context, vpcId);
        context.Authorize(On(context, vpcId), "ec2");
        var text = context.String("CidrBlock")
            ?? throw new Aws.Protocols.AwsServiceException("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
        if (!Ipv4Cidr.TryParse(text, out var cidr))
        {
            throw Ec2Errors.InvalidCidr(text);
        }

        // A subnet is between /16 and /28 and inside its VPC's block.
        // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
        Ipv4Cidr.TryParse(vpc["CidrBlock"]!.GetValue<string>(), out var vpcCidr);
        if (cidr.PrefixLength is < 16 or > 28 || !vpcCidr.Contains(cidr))
        {
            throw Ec2Errors.SubnetRange(text);
        }

        var zone = Zone(context);
        var (account, region) = (context.AccountId, context.Region);
        var subnetId = Ec2Ids.New("subnet");
        var subnet = new JsonObject
        {
            ["SubnetId"] = subnetId,
            ["SubnetArn"] = Ec2Ids.Arn(region, account, "subnet", subnetId),
            ["VpcId"] = vpcId,
            ["OwnerId"] = account,
            ["CidrBlock"] = text,
            ["AvailabilityZone"] = zone,
            ["AvailabilityZoneId"] = ZoneId(region, zone),
            // AWS reserves five addresses in every subnet. https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
            ["AvailableIpAddressCount"] = (int)cidr.Size - 5,
            ["DefaultForAz"] = false,
            ["MapPublicIpOnLaunch"] = false,
            ["AssignIpv6AddressOnCreation"] = false,
            ["Ipv6CidrBlockAssociationSet"] = new JsonArray(),
            ["Ipv6Native"] = false,
            ["State"] = "available",
            ["Tags"] = TagArray(RequestedTags(context, "subnet")),
        };

        context.Store.Write(tx =>
        {
            foreach (var other in Ec2Store.All(tx, account, region, Ec2Store.Subnets).Where(s => s["VpcId"]!.GetValue<string>() == vpcId))
            {
                if (Ipv4Cidr.TryParse(other["CidrBlock"]!.GetValue<string>(), out var taken) && taken.Overlaps(cidr))
                {
                    throw Ec2Errors.SubnetConflict(text);
                }
            }

            tx.Insert(Ec2Store.Key(account, region, Ec2Store.Subnets, subnetId), subnet.ToJsonString());
        });
        return new JsonObject { ["Subnet"] = Present(subnet) };
    }

    private static string Zone(OperationContext context)
    {
        var region = context.Region;
        var zones = ZoneLetters.Select(l => region + l).ToList();
        if (context.String("AvailabilityZone") is { } zone)
        {
            return zones.Contains(zone)
                ? zone
                : throw Ec2Errors.InvalidParameterValue(
                    $"Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", zones)}.");
        }

        if (context.String("AvailabilityZoneId") is { } zoneId)
        {
            return zones.FirstOrDefault(z => ZoneId(region, z) == zoneId)
                ?? throw Ec2Errors.InvalidParameterValue($"Value ({zoneId}) for parameter availabilityZoneId is invalid.");
        }

        return zones[0];
    }

    /// <summary>A zone id in AWS's form (<c>use1-az1</c>); AWS maps letters to ids per account, Stevedore in order.</summary>
    // https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
    private static string ZoneId(string region, string zone)
    {
        var parts = region.Split('-');
        var direction = parts.Length > 1 ? parts[1] switch
        {
            "northeast" => "ne",
            "southeast" => "se",
            "northwest" => "nw",
            "southwest" => "sw",
            var d => d[..1],
        } : "";
        var prefix = parts.Length == 3 ? parts[0] + direction + parts[2] : region;
        return $"{prefix}-az{ZoneLetters.IndexOf(zone[^1], StringComparison.Ordinal) + 1}";
    }

    private static JsonObject DescribeSubnets(OperationContext context)
    {
        var subnets = Ec2Filters.Apply(Selected(context, Ec2Store.Subnets, context.Input["SubnetIds"], "SubnetId", Ec2Errors.SubnetNotFound),
            context.Input["Filters"], SubnetFilters).ToList();
        var (page, next) = Paginate(context, subnets, "SubnetId");
        return new JsonObject { ["Subnets"] = new JsonArray([.. page.Select(Present)]), ["NextToken"] = next };
    }

    private static JsonObject? DeleteSubnet(OperationContext context)
    {
        var subnetId = context.RequiredString("SubnetId");
        var (account, region) = (context.AccountId, context.Region);
        context.Store.Write(tx =>
        {
            var key = Ec2Store.Key(account, region, Ec2Store.Subnets, subnetId);
            if (tx.Get(key) is null)
            {
                throw Ec2Errors.SubnetNotFound(subnetId);
            }

            // An interface endpoint's network interfaces live in its subnets.
            if (Ec2Store.All(tx, account, region, Ec2Store.Endpoints).Any(e => Strings(e["SubnetIds"]).Contains(subnetId)))
            {
                throw Ec2Errors.Dependency("subnet", subnetId);
            }

            tx.Delete(key);
        });
        return null;
    }
}
