using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// Amazon Elastic Container Service, the control plane: clusters, task definitions, container instances, tasks and
/// tags. Launching a task is delegated to an <see cref="ITaskLauncher"/> (the simulated agent); without one, tasks stay
/// <c>PROVISIONING</c>.
/// </summary>
/// <remarks>
/// One partial file per area (<c>.Clusters</c>, <c>.TaskDefinitions</c>, <c>.ContainerInstances</c>, <c>.Tasks</c>,
/// <c>.Tags</c>). Resources are named in the current long ARN format:
/// <c>arn:aws:ecs:R:A:cluster/NAME</c>, <c>task-definition/FAMILY:REV</c>, <c>container-instance/CLUSTER/ID</c>,
/// <c>task/CLUSTER/ID</c>. Authorization follows the Service Authorization Reference (see <c>docs/services/ecs.md</c>).
/// </remarks>
public sealed partial class EcsService : AwsService
{
    private const string DefaultCluster = "default";

    /// <param name="launcher">The simulated agent; optional (services are created by reflection with no arguments, and
    /// the composition may set <see cref="Launcher"/> afterwards).</param>
    public EcsService(ITaskLauncher? launcher = null)
        : base("ecs")
    {
        Launcher = launcher;
        RegisterClusters();
        RegisterTaskDefinitions();
        RegisterContainerInstances();
        RegisterTasks();
        RegisterTags();
    }

    /// <summary>What launches new tasks; null leaves them <c>PROVISIONING</c>.</summary>
    public ITaskLauncher? Launcher { get; set; }

    partial void RegisterClusters();

    partial void RegisterTaskDefinitions();

    partial void RegisterContainerInstances();

    partial void RegisterTasks();

    partial void RegisterTags();

    /// <summary>ECS's access-denied error: <c>AccessDeniedException</c>, HTTP 400, as the JSON services answer it.</summary>
    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    internal static string ClusterArn(string region, string account, string name) => $"arn:aws:ecs:{region}:{account}:cluster/{name}";

    internal static string TaskDefinitionArn(string region, string account, string family, long revision) =>
        $"arn:aws:ecs:{region}:{account}:task-definition/{family}:{revision}";

    internal static string ContainerInstanceArn(string region, string account, string cluster, string id) =>
        $"arn:aws:ecs:{region}:{account}:container-instance/{cluster}/{id}";

    internal static string TaskArn(string region, string account, string cluster, string id) => $"arn:aws:ecs:{region}:{account}:task/{cluster}/{id}";

    /// <summary>The cluster a request names (<c>cluster</c>: a name or an ARN), or <c>default</c>.</summary>
    internal static string ClusterName(OperationContext context) => ClusterNameOf(context.String("cluster"));

    private static string ClusterNameOf(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultCluster;
        }

        var slash = value.IndexOf(":cluster/", StringComparison.Ordinal);
        return value.StartsWith("arn:", StringComparison.Ordinal) && slash > 0 ? value[(slash + ":cluster/".Length)..] : value;
    }

    /// <summary>The last path segment of an ARN (<c>…/CLUSTER/ID</c> → <c>ID</c>), or the value itself.</summary>
    private static string IdOf(string value) => value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;

    /// <summary>The cluster named in an ARN of the form <c>…:KIND/CLUSTER/ID</c>, or null when it names none.</summary>
    private static string? ClusterInArn(string value)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..].Split('/');
        return parts.Length == 2 ? parts[0] : null;
    }

    /// <summary>The ACTIVE cluster, or ClusterNotFoundException.</summary>
    internal static JsonObject ActiveCluster(IStoreReader store, OperationContext context, string name) =>
        EcsStore.Find(store, EcsStore.ClusterKey(context.AccountId, context.Region, name)) is { } cluster && Str(cluster, "status") == "ACTIVE"
            ? cluster
            : throw EcsErrors.ClusterNotFound();

    /// <summary>A resource's target with its tags as <c>aws:ResourceTag/…</c> and <c>ecs:ResourceTag/…</c>.</summary>
    private static AuthorizationTarget WithTags(AuthorizationTarget target, JsonObject? resource) =>
        resource?["tags"] is JsonArray { Count: > 0 } tags
            ? target.WithResourceTags(tags.OfType<JsonObject>().Select(t => KeyValuePair.Create(Str(t, "key")!, Str(t, "value") ?? "")), "ecs")
            : target;

    /// <summary>Adds <c>aws:RequestTag/…</c> and <c>aws:TagKeys</c> for the tags a request sets.</summary>
    private static AuthorizationTarget WithRequestTags(AuthorizationTarget target, JsonNode? tags)
    {
        if (tags is not JsonArray { Count: > 0 } array)
        {
            return target;
        }

        var keys = new List<string>();
        foreach (var tag in array.OfType<JsonObject>())
        {
            var key = Str(tag, "key") ?? "";
            keys.Add(key);
            target = target.With($"aws:RequestTag/{key}", Str(tag, "value") ?? "");
        }

        return target.WithMulti("aws:TagKeys", keys);
    }

    /// <summary>The tags a request gives, checked as ECS checks them.</summary>
    internal static JsonArray RequestTags(JsonNode? tags)
    {
        var result = new JsonArray();
        if (tags is not JsonArray array)
        {
            return result;
        }

        if (array.Count > 50)
        {
            throw EcsErrors.InvalidParameter("Too many tags. A resource can have a maximum of 50 tags.");
        }

        foreach (var tag in array.OfType<JsonObject>())
        {
            var key = Str(tag, "key") ?? "";
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw EcsErrors.InvalidParameter("Invalid tag key. Tag keys cannot start with 'aws:'.");
            }

            result.Add((JsonNode)(new JsonObject { ["key"] = key, ["value"] = Str(tag, "value") ?? "" }));
        }

        return result;
    }

    /// <summary>Whether the request asked for <paramref name="what"/> in <c>include</c> (<c>TAGS</c>).</summary>
    private static bool Includes(OperationContext context, string what) =>
        context.Input["include"] is JsonArray include && include.Any(i => i?.GetValue<string>() == what);

    private static string? Str(JsonNode? node, string member) => node?[member] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>ECS's <c>nextToken</c>/<c>maxResults</c> paging over an ordered list (the token is opaque).</summary>
    private static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, OperationContext context, int defaultSize = 100)
    {
        var start = 0;
        if (context.String("nextToken") is { } token)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (!text.StartsWith("ecs:", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(4), out start) || start < 0)
                {
                    throw EcsErrors.InvalidParameter("Invalid token");
                }
            }
            catch (FormatException)
            {
                throw EcsErrors.InvalidParameter("Invalid token");
            }
        }

        var size = context.Int("maxResults") ?? defaultSize;
        if (size is < 1 or > 100)
        {
            throw EcsErrors.InvalidParameter("maxResults must be between 1 and 100.");
        }

        var page = items.Skip(start).Take(size).ToList();
        var next = start + page.Count < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"ecs:{start + page.Count}")) : null;
        return (page, next);
    }

    /// <summary>A copy of a stored document without its tags (DescribeX without <c>include TAGS</c>).</summary>
    private static JsonObject WithoutTags(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("tags");
        return copy;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => [.. items];
}
