using System.Globalization;
using System.Text.Json.Nodes;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// Where ECS keeps clusters, task definitions, container instances and tasks: one JSON document each, by account and
/// region, holding the resource as the API describes it (model member names; timestamps as ISO-8601 strings, which the
/// JSON protocol turns into epoch seconds) plus its <c>tags</c>. Members the model does not have are never sent.
/// </summary>
/// <remarks>
/// Names: a cluster by its name; a task definition by <c>FAMILY:0000000007</c> (the revision zero-padded, so one family's
/// revisions list in order and a family is a name prefix); a container instance and a task by <c>CLUSTER/ID</c>.
/// </remarks>
internal static class EcsStore
{
    public static readonly ResourceKind Clusters = new("ecs/cluster", CaseInsensitiveNames: false);
    public static readonly ResourceKind TaskDefinitions = new("ecs/task-definition", CaseInsensitiveNames: false);
    public static readonly ResourceKind ContainerInstances = new("ecs/container-instance", CaseInsensitiveNames: false);
    public static readonly ResourceKind Tasks = new("ecs/task", CaseInsensitiveNames: false, Bulk: true);

    public static ResourceKey ClusterKey(string account, string region, string name) => new(account, region, Clusters, name);

    public static ResourceKey TaskDefinitionKey(string account, string region, string family, long revision) =>
        new(account, region, TaskDefinitions, TaskDefinitionName(family, revision));

    public static string TaskDefinitionName(string family, long revision) => $"{family}:{revision.ToString("D10", CultureInfo.InvariantCulture)}";

    public static ResourceKey ContainerInstanceKey(string account, string region, string cluster, string id) =>
        new(account, region, ContainerInstances, $"{cluster}/{id}");

    public static ResourceKey TaskKey(string account, string region, string cluster, string id) => new(account, region, Tasks, $"{cluster}/{id}");

    /// <summary>The store-wide counter a family's revisions come from (never reused, as in ECS).</summary>
    public static string RevisionSequence(string account, string region, string family) => $"ecs/revision/{account}/{region}/{family}";

    /// <summary>The counter private addresses of a subnet are handed out from.</summary>
    public static string AddressSequence(string account, string region, string subnet) => $"ecs/address/{account}/{region}/{subnet}";

    public static JsonObject? Find(IStoreReader store, ResourceKey key) => store.Get(key) is { } item ? Read(item.Document) : null;

    public static JsonObject Read(string document) => JsonNode.Parse(document)!.AsObject();

    public static void Put(IStoreTransaction tx, ResourceKey key, JsonObject document) => tx.Put(key, document.ToJsonString());

    /// <summary>Every item of a kind in an account and region (optionally under a name prefix), in name order.</summary>
    public static List<JsonObject> All(IStoreReader store, string account, string region, ResourceKind kind, string? prefix = null)
    {
        var result = new List<JsonObject>();
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(new CollectionKey(account, region, kind), prefix, ListQuery.MaxLimit, marker));
            result.AddRange(page.Items.Select(i => Read(i.Document)));
            marker = page.NextMarker;
        }
        while (marker is not null);
        return result;
    }
}
