using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>Clusters.</summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html and the other cluster operations
public sealed partial class EcsService
{
    partial void RegisterClusters()
    {
        Register("CreateCluster", c => WithRequestTags(ClusterTarget(c, c.String("clusterName") ?? DefaultCluster), c.Input["tags"]), CreateCluster);
        Register("DescribeClusters", DescribeClustersTarget, DescribeClusters);
        Register("ListClusters", c => new AuthorizationTarget(Action(c), "*"), ListClusters);
        Register("DeleteCluster", c => ClusterTarget(c, ClusterName(c)), DeleteCluster);
    }

    /// <summary>The cluster's ARN and its tags.</summary>
    private AuthorizationTarget ClusterTarget(OperationContext context, string name) =>
        WithTags(new AuthorizationTarget(Action(context), ClusterArn(context.Region, context.AccountId, name)),
            name.Length == 0 ? null : EcsStore.Find(context.Store, EcsStore.ClusterKey(context.AccountId, context.Region, name))); // "" is refused by the handler

    /// <summary>The first cluster named (the others are authorized in the handler), or <c>default</c>.</summary>
    private AuthorizationTarget DescribeClustersTarget(OperationContext context) =>
        ClusterTarget(context, context.Input["clusters"] is JsonArray { Count: > 0 } names ? ClusterNameOf(names[0]!.GetValue<string>()) : DefaultCluster);

    private JsonObject CreateCluster(OperationContext context)
    {
        var name = context.String("clusterName") ?? DefaultCluster;
        if (!ValidName(name))
        {
            // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (clusterName)
            throw EcsErrors.InvalidParameter(
                "Cluster name can have up to 255 characters. Valid characters are letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        }

        var tags = RequestTags(context.Input["tags"]);
        var cluster = context.Store.Write(tx =>
        {
            var key = EcsStore.ClusterKey(context.AccountId, context.Region, name);
            if (EcsStore.Find(tx, key) is { } existing && Str(existing, "status") == "ACTIVE")
            {
                return existing; // CreateCluster is idempotent on an active cluster's name.
            }

            var cluster = new JsonObject
            {
                ["clusterArn"] = ClusterArn(context.Region, context.AccountId, name),
                ["clusterName"] = name,
                ["status"] = "ACTIVE",
                ["settings"] = context.Input["settings"]?.DeepClone() ?? new JsonArray(new JsonObject { ["name"] = "containerInsights", ["value"] = "disabled" }),
                ["configuration"] = context.Input["configuration"]?.DeepClone(),
                ["capacityProviders"] = context.Input["capacityProviders"]?.DeepClone() ?? new JsonArray(),
                ["defaultCapacityProviderStrategy"] = context.Input["defaultCapacityProviderStrategy"]?.DeepClone() ?? new JsonArray(),
                ["serviceConnectDefaults"] = context.Input["serviceConnectDefaults"]?.DeepClone(),
                ["tags"] = tags,
            };
            EcsStore.Put(tx, key, cluster);
            return cluster;
        });
        return new JsonObject { ["cluster"] = ClusterJson(context.Store, context, cluster, includeTags: true) };
    }

    /// <summary>A cluster as described, with its counts computed from the instances and tasks it holds.</summary>
    private static JsonObject ClusterJson(IStoreReader store, OperationContext context, JsonObject cluster, bool includeTags)
    {
        var json = includeTags ? cluster.DeepClone().AsObject() : WithoutTags(cluster);
        var name = Str(cluster, "clusterName")!;
        var instances = EcsStore.All(store, context.AccountId, context.Region, EcsStore.ContainerInstances, name + "/");
        var tasks = EcsStore.All(store, context.AccountId, context.Region, EcsStore.Tasks, name + "/");
        json["registeredContainerInstancesCount"] = instances.Count(i => Str(i, "status") is "ACTIVE" or "DRAINING");
        json["runningTasksCount"] = tasks.Count(t => Str(t, "lastStatus") == "RUNNING");
        json["pendingTasksCount"] = tasks.Count(t => Str(t, "lastStatus") is "PROVISIONING" or "PENDING" or "ACTIVATING");
        json["activeServicesCount"] = 0;
        json["statistics"] = new JsonArray();
        return json;
    }

    private JsonObject DescribeClusters(OperationContext context)
    {
        var names = context.Input["clusters"] is JsonArray { Count: > 0 } given ? given.Select(n => n!.GetValue<string>()).ToList() : [DefaultCluster];
        if (names.Count > 100)
        {
            throw EcsErrors.InvalidParameter("Cluster names cannot be more than 100.");
        }

        var clusters = new JsonArray();
        var failures = new JsonArray();
        var includeTags = Includes(context, "TAGS");
        for (var i = 0; i < names.Count; i++)
        {
            var name = ClusterNameOf(names[i]);
            if (i > 0)
            {
                context.Authorize(ClusterTarget(context, name));
            }

            if (EcsStore.Find(context.Store, EcsStore.ClusterKey(context.AccountId, context.Region, name)) is { } cluster)
            {
                clusters.Add((JsonNode)(ClusterJson(context.Store, context, cluster, includeTags)));
            }
            else
            {
                failures.Add((JsonNode)(new JsonObject { ["arn"] = ClusterArn(context.Region, context.AccountId, name), ["reason"] = "MISSING" }));
            }
        }

        return new JsonObject { ["clusters"] = clusters, ["failures"] = failures };
    }

    private JsonObject ListClusters(OperationContext context)
    {
        var arns = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.Clusters)
            .Where(c => Str(c, "status") == "ACTIVE")
            .Select(c => Str(c, "clusterArn")!)
            .ToList();
        var (page, next) = Page(arns, context);
        return new JsonObject { ["clusterArns"] = Array(page.Select(a => (JsonNode?)a)), ["nextToken"] = next };
    }

    private JsonObject DeleteCluster(OperationContext context)
    {
        var name = ClusterName(context);
        var cluster = context.Store.Write(tx =>
        {
            var cluster = ActiveCluster(tx, context, name);
            var instances = EcsStore.All(tx, context.AccountId, context.Region, EcsStore.ContainerInstances, name + "/");
            if (instances.Any(i => Str(i, "status") is "ACTIVE" or "DRAINING"))
            {
                throw EcsErrors.ClusterContainsContainerInstances();
            }

            if (EcsStore.All(tx, context.AccountId, context.Region, EcsStore.Tasks, name + "/").Any(t => Str(t, "lastStatus") != "STOPPED"))
            {
                throw EcsErrors.ClusterContainsTasks();
            }

            cluster["status"] = "INACTIVE";
            EcsStore.Put(tx, EcsStore.ClusterKey(context.AccountId, context.Region, name), cluster);
            return cluster;
        });
        return new JsonObject { ["cluster"] = ClusterJson(context.Store, context, cluster, includeTags: true) };
    }

    /// <summary>Up to 255 letters, digits, hyphens and underscores (cluster names and task definition families).</summary>
    private static bool ValidName(string name) =>
        name.Length is > 0 and <= 255 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
