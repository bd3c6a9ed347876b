using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ec2;

/// <summary>CreateTags, DeleteTags and DescribeTags over the networking resources.</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html
public sealed partial class Ec2Service
{
    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> TagFilters = new()
    {
        ["resource-id"] = r => One(r, "ResourceId"),
        ["resource-type"] = r => One(r, "ResourceType"),
        ["key"] = r => One(r, "Key"),
        ["value"] = r => One(r, "Value"),
    };

    partial void RegisterTags()
    {
        Operation("CreateTags", c => WithRequestTags(On(c, Strings(c.Input["Resources"]).FirstOrDefault() ?? "*"), TagList(c.Input["Tags"])), CreateTags);
        Operation("DeleteTags", c => WithRequestTags(On(c, Strings(c.Input["Resources"]).FirstOrDefault() ?? "*"), TagList(c.Input["Tags"])), DeleteTags);
        Operation("DescribeTags", Everything, DescribeTags);
    }

    private static JsonObject? CreateTags(OperationContext context)
    {
        var tags = TagList(context.Input["Tags"]);
        _ = TagArray(tags);
        Retag(context, (current, _) =>
        {
            foreach (var (key, value) in tags)
            {
                current.RemoveAll(t => t.Key == key);
                current.Add((key, value));
            }
        });
        return null;
    }

    private static JsonObject? DeleteTags(OperationContext context)
    {
        var given = context.Input["Tags"] as JsonArray;
        Retag(context, (current, _) =>
        {
            if (given is null)
            {
                current.Clear();
                return;
            }

            // A tag given with a value is deleted only when the value matches; without one, whatever its value.
            foreach (var tag in given)
            {
                var key = tag?["Key"]?.GetValue<string>();
                var value = tag?["Value"]?.GetValue<string>();
                current.RemoveAll(t => t.Key == key && (value is null || t.Value == value));
            }
        });
        return null;
    }

    private static void Retag(OperationContext context, Action<List<(string Key, string Value)>, string> change)
    {
        var (account, region) = (context.AccountId, context.Region);
        var ids = Strings(context.Input["Resources"]);
        foreach (var id in ids.Skip(1))
        {
            context.Authorize(On(context, id), "ec2");
        }

        context.Store.Write(tx =>
        {
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                var kind = Ec2Store.KindOf(id) ?? throw Ec2Errors.InvalidId(id);
                var key = Ec2Store.Key(account, region, kind, id);
                var item = tx.Get(key) ?? throw NotFound(kind, id);
                var resource = Ec2Store.Read(item.Document);
                var tags = Ec2Filters.Tags(resource).ToList();
                change(tags, id);
                resource["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
                tx.Update(key, resource.ToJsonString(), item.Version);
            }
        });
    }

    private static Aws.Protocols.AwsServiceException NotFound(ResourceKind kind, string id) =>
        kind == Ec2Store.Vpcs ? Ec2Errors.VpcNotFound(id)
        : kind == Ec2Store.Subnets ? Ec2Errors.SubnetNotFound(id)
        : kind == Ec2Store.SecurityGroups ? Ec2Errors.GroupNotFound(id)
        : Ec2Errors.EndpointNotFound(id);

    private static JsonObject DescribeTags(OperationContext context)
    {
        var (account, region) = (context.AccountId, context.Region);
        var descriptions = new List<JsonObject>();
        foreach (var (kind, idMember) in new[]
                 {
                     (Ec2Store.SecurityGroups, "GroupId"), (Ec2Store.Subnets, "SubnetId"), (Ec2Store.Vpcs, "VpcId"), (Ec2Store.Endpoints, "VpcEndpointId"),
                 })
        {
            foreach (var resource in Ec2Store.All(context.Store, account, region, kind))
            {
                foreach (var (key, value) in Ec2Filters.Tags(resource))
                {
                    descriptions.Add(new JsonObject
                    {
                        ["ResourceId"] = resource[idMember]!.GetValue<string>(),
                        ["ResourceType"] = Ec2Store.ResourceType(kind),
                        ["Key"] = key,
                        ["Value"] = value,
                    });
                }
            }
        }

        var matched = Ec2Filters.Apply(descriptions, context.Input["Filters"], TagFilters)
            .OrderBy(d => d["ResourceId"]!.GetValue<string>(), StringComparer.Ordinal)
            .ThenBy(d => d["Key"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        return new JsonObject { ["Tags"] = new JsonArray([.. matched]) };
    }
}
