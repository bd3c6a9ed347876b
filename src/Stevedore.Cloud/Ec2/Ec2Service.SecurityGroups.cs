using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ec2;

/// <summary>Security groups: CreateSecurityGroup (in a VPC), DescribeSecurityGroups, DeleteSecurityGroup.</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
public sealed partial class Ec2Service
{
    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> GroupFilters = new()
    {
        ["group-id"] = r => One(r, "GroupId"),
        ["group-name"] = r => One(r, "GroupName"),
        ["vpc-id"] = r => One(r, "VpcId"),
        ["description"] = r => One(r, "Description"),
        ["owner-id"] = r => One(r, "OwnerId"),
    };

    partial void RegisterSecurityGroups()
    {
        Operation("CreateSecurityGroup", c => Creating(c, "security-group"), CreateSecurityGroup);
        Operation("DescribeSecurityGroups", Everything, DescribeSecurityGroups);
        Operation("DeleteSecurityGroup", c => On(c, c.String("GroupId") ?? c.String("GroupName") ?? "*"), DeleteSecurityGroup);
    }

    private static JsonObject SecurityGroup(OperationContext context, string groupId, string name, string description, string vpcId, JsonArray tags) => new()
    {
        ["GroupId"] = groupId,
        ["GroupName"] = name,
        ["Description"] = description,
        ["VpcId"] = vpcId,
        ["OwnerId"] = context.AccountId,
        ["SecurityGroupArn"] = Ec2Ids.Arn(context.Region, context.AccountId, "security-group", groupId),
        ["IpPermissions"] = new JsonArray(),
        ["IpPermissionsEgress"] = new JsonArray(new JsonObject
        {
            ["IpProtocol"] = "-1",
            ["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = "0.0.0.0/0" }),
        }),
        ["Tags"] = tags,
    };

    private static JsonObject CreateSecurityGroup(OperationContext context)
    {
        // Without a VpcId the group goes to the default VPC, which Stevedore's regions do not have.
        var vpcId = context.String("VpcId")
            ?? throw new AwsServiceException("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.");
        FindVpc(context, vpcId);
        context.Authorize(On(context, vpcId), "ec2");
        var name = context.RequiredString("GroupName");
        if (name.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
        {
            throw Ec2Errors.InvalidParameterValue($"Value ({name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.");
        }

        var (account, region) = (context.AccountId, context.Region);
        var groupId = Ec2Ids.New("sg");
        var tags = TagArray(RequestedTags(context, "security-group"));
        var group = SecurityGroup(context, groupId, name, context.RequiredString("Description"), vpcId, tags);
        context.Store.Write(tx =>
        {
            if (Ec2Store.All(tx, account, region, Ec2Store.SecurityGroups)
                .Any(g => g["VpcId"]!.GetValue<string>() == vpcId && string.Equals(g["GroupName"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Ec2Errors.DuplicateGroup(name, vpcId);
            }

            tx.Insert(Ec2Store.Key(account, region, Ec2Store.SecurityGroups, groupId), group.ToJsonString());
        });
        return new JsonObject { ["GroupId"] = groupId, ["SecurityGroupArn"] = group["SecurityGroupArn"]!.GetValue<string>(), ["Tags"] = tags.Count == 0 ? null : tags.DeepClone() };
    }

    private static JsonObject DescribeSecurityGroups(OperationContext context)
    {
        var groups = Selected(context, Ec2Store.SecurityGroups, context.Input["GroupIds"], "GroupId", Ec2Errors.GroupNotFound);
        var names = Strings(context.Input["GroupNames"]);
        if (names.Count > 0)
        {
            // Names refer to the default VPC, which Stevedore's regions do not have.
            throw Ec2Errors.GroupNameNotFound(names[0], null);
        }

        var matched = Ec2Filters.Apply(groups, context.Input["Filters"], GroupFilters).ToList();
        var (page, next) = Paginate(context, matched, "GroupId");
        return new JsonObject { ["SecurityGroups"] = new JsonArray([.. page.Select(Present)]), ["NextToken"] = next };
    }

    private static JsonObject DeleteSecurityGroup(OperationContext context)
    {
        var groupId = context.String("GroupId");
        if (groupId is null)
        {
            throw context.String("GroupName") is { } name
                ? Ec2Errors.GroupNameNotFound(name, null)
                : new AwsServiceException("MissingParameter", "The request must contain the parameter groupName or groupId");
        }

        var (account, region) = (context.AccountId, context.Region);
        context.Store.Write(tx =>
        {
            var key = Ec2Store.Key(account, region, Ec2Store.SecurityGroups, groupId);
            var group = tx.Get(key) is { } item ? Ec2Store.Read(item.Document) : throw Ec2Errors.GroupNotFound(groupId);
            if (group["GroupName"]!.GetValue<string>() == "default")
            {
                throw Ec2Errors.CannotDeleteDefault(groupId);
            }

            if (Ec2Store.All(tx, account, region, Ec2Store.Endpoints)
                .Any(e => (e["Groups"] as JsonArray ?? []).Any(g => g?["GroupId"]?.GetValue<string>() == groupId)))
            {
                throw Ec2Errors.GroupInUse(groupId);
            }

            tx.Delete(key);
        });
        return new JsonObject { ["Return"] = true, ["GroupId"] = groupId };
    }
}
