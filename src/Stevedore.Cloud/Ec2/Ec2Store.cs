using System.Text.Json.Nodes;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ec2;

/// <summary>
/// Where EC2 keeps its networking resources: one JSON document per VPC, subnet, security group and VPC endpoint,
/// keyed by account, region and id. A document holds the resource as the API describes it (model member names),
/// plus a few members only Stevedore reads (a VPC's DNS attributes and main route table).
/// </summary>
public static class Ec2Store
{
    public static readonly ResourceKind Vpcs = new("ec2/vpc", CaseInsensitiveNames: false);
    public static readonly ResourceKind Subnets = new("ec2/subnet", CaseInsensitiveNames: false);
    public static readonly ResourceKind SecurityGroups = new("ec2/security-group", CaseInsensitiveNames: false);
    public static readonly ResourceKind Endpoints = new("ec2/vpc-endpoint", CaseInsensitiveNames: false);

    /// <summary>The kind an id belongs to, from its prefix (<c>vpc-</c>, <c>subnet-</c>, <c>sg-</c>, <c>vpce-</c>), or null.</summary>
    public static ResourceKind? KindOf(string id) => id switch
    {
        _ when id.StartsWith("vpce-", StringComparison.Ordinal) => Endpoints,
        _ when id.StartsWith("vpc-", StringComparison.Ordinal) => Vpcs,
        _ when id.StartsWith("subnet-", StringComparison.Ordinal) => Subnets,
        _ when id.StartsWith("sg-", StringComparison.Ordinal) => SecurityGroups,
        _ => null,
    };

    /// <summary>The resource type DescribeTags reports for a kind.</summary>
    public static string ResourceType(ResourceKind kind) =>
        kind == Vpcs ? "vpc" : kind == Subnets ? "subnet" : kind == SecurityGroups ? "security-group" : "vpc-endpoint";

    public static ResourceKey Key(string account, string region, ResourceKind kind, string id) => new(account, region, kind, id);

    /// <summary>The resource with the id, if any ("" names none: ECS passes subnet and security group ids on as given).</summary>
    public static JsonObject? Find(IStoreReader store, string account, string region, ResourceKind kind, string id) =>
        id.Length > 0 && store.Get(Key(account, region, kind, id)) is { } item ? Read(item.Document) : null;

    public static JsonObject Read(string document) => JsonNode.Parse(document)!.AsObject();

    /// <summary>Every resource of a kind in the account and region, in id order.</summary>
    public static List<JsonObject> All(IStoreReader store, string account, string region, ResourceKind kind)
    {
        var result = new List<JsonObject>();
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(new CollectionKey(account, region, kind), Limit: ListQuery.MaxLimit, Marker: marker));
            result.AddRange(page.Items.Select(i => Read(i.Document)));
            marker = page.NextMarker;
        }
        while (marker is not null);
        return result;
    }
}
