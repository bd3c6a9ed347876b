using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// Container instances (EC2 and External): registered as an agent registers them, with Stevedore's attribute convention
/// for the agent's configuration (<see cref="ContainerInstanceView"/>).
/// </summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html and the other instance operations
public sealed partial class EcsService
{
    /// <summary>The resources an instance registered without <c>totalResources</c> offers (a 2 vCPU, 4 GiB host).</summary>
    private const int DefaultCpu = 2048;
    private const int DefaultMemory = 3768;

    partial void RegisterContainerInstances()
    {
        Register("RegisterContainerInstance", c => WithRequestTags(ClusterTarget(c, ClusterName(c)), c.Input["tags"]), RegisterContainerInstance);
        Register("DeregisterContainerInstance", c => ClusterTarget(c, ClusterName(c)), DeregisterContainerInstance);
        Register("DescribeContainerInstances", DescribeContainerInstancesTarget, DescribeContainerInstances);
        Register("ListContainerInstances", c => ClusterTarget(c, ClusterName(c)), ListContainerInstances);
    }

    /// <summary>The first instance named, with <c>ecs:cluster</c> (the others are authorized in the handler).</summary>
    private AuthorizationTarget DescribeContainerInstancesTarget(OperationContext context)
    {
        var name = ClusterName(context);
        var first = context.Input["containerInstances"] is JsonArray { Count: > 0 } ids ? ids[0]!.GetValue<string>() : "*";
        return ContainerInstanceTarget(context, name, IdOf(first));
    }

    private AuthorizationTarget ContainerInstanceTarget(OperationContext context, string cluster, string id) =>
        WithTags(new AuthorizationTarget(Action(context), ContainerInstanceArn(context.Region, context.AccountId, cluster, id)),
                EcsStore.Find(context.Store, EcsStore.ContainerInstanceKey(context.AccountId, context.Region, cluster, id)))
            .With("ecs:cluster", ClusterArn(context.Region, context.AccountId, cluster));

    private JsonObject RegisterContainerInstance(OperationContext context)
    {
        var clusterName = ClusterName(context);
        var tags = RequestTags(context.Input["tags"]);
        var identity = ReadIdentityDocument(context.String("instanceIdentityDocument"));
        var attributes = ReadAttributes(context.Input["attributes"]);
        var agentVersion = Str(context.Input["versionInfo"], "agentVersion");
        var config = attributes
            .Where(a => a.Name.StartsWith(ContainerInstanceView.ConfigPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Name[ContainerInstanceView.ConfigPrefix.Length..], a => a.Value ?? "", StringComparer.Ordinal);

        // A real agent always sends its capabilities; an instance registered without any gets the ones its agent
        // version and configuration would advertise. ecs.capability.external only marks the kind of instance (what
        // `stevedore ecs add-instance --external` sends): an ECS Anywhere agent advertises it beside all the others.
        if (!attributes.Any(a => AgentCapabilities.IsCapability(a.Name) && a.Name != ContainerInstanceView.ExternalAttribute))
        {
            attributes.AddRange(AgentCapabilities.For(agentVersion, config).Select(n => (n, (string?)null)));
        }

        var ec2InstanceId = Str(identity, "instanceId") ?? ("i-" + NewId()[..17]);
        AddDefault(attributes, "ecs.os-type", "linux");
        AddDefault(attributes, "ecs.cpu-architecture", Str(identity, "architecture") ?? "x86_64");
        if (Str(identity, "instanceType") is { } instanceType)
        {
            AddDefault(attributes, "ecs.instance-type", instanceType);
        }

        if (Str(identity, "availabilityZone") is { } zone)
        {
            AddDefault(attributes, "ecs.availability-zone", zone);
        }

        var total = context.Input["totalResources"] is JsonArray { Count: > 0 } given
            ? (JsonArray)given.DeepClone()
            : new JsonArray(Resource("CPU", DefaultCpu), Resource("MEMORY", DefaultMemory));
        var instance = context.Store.Write(tx =>
        {
            ActiveCluster(tx, context, clusterName);

            // Re-registering the same EC2 instance in the same cluster updates its container instance.
            var existing = EcsStore.All(tx, context.AccountId, context.Region, EcsStore.ContainerInstances, clusterName + "/")
                .FirstOrDefault(i => Str(i, "ec2InstanceId") == ec2InstanceId && Str(i, "status") != "INACTIVE");
            var id = existing is null ? NewId() : IdOf(Str(existing, "containerInstanceArn")!);
            var instance = new JsonObject
            {
                ["containerInstanceArn"] = ContainerInstanceArn(context.Region, context.AccountId, clusterName, id),
                ["ec2InstanceId"] = ec2InstanceId,
                ["version"] = (existing?["version"]?.GetValue<long>() ?? 0) + 1,
                ["versionInfo"] = new JsonObject
                {
                    ["agentVersion"] = agentVersion ?? AgentCapabilities.DefaultAgentVersion,
                    ["agentHash"] = Str(context.Input["versionInfo"], "agentHash"),
                    ["dockerVersion"] = Str(context.Input["versionInfo"], "dockerVersion") ?? "DockerVersion: 25.0.8",
                },
                ["registeredResources"] = total,
                ["status"] = "ACTIVE",
                ["agentConnected"] = true,
                ["attributes"] = Array(attributes.Select(a => (JsonNode?)new JsonObject { ["name"] = a.Name, ["value"] = a.Value })),
                ["registeredAt"] = existing?["registeredAt"]?.DeepClone() ?? context.Now.ToString("O", CultureInfo.InvariantCulture),
                ["tags"] = existing is not null && tags.Count == 0 ? existing["tags"]!.DeepClone() : tags,
            };
            if (context.Input["platformDevices"] is { } devices)
            {
                instance["platformDevices"] = devices.DeepClone();
            }

            EcsStore.Put(tx, EcsStore.ContainerInstanceKey(context.AccountId, context.Region, clusterName, id), instance);
            return instance;
        });
        return new JsonObject { ["containerInstance"] = InstanceJson(context.Store, context, instance, includeTags: true) };
    }

    private static JsonObject Resource(string name, int value) =>
        new() { ["name"] = name, ["type"] = "INTEGER", ["integerValue"] = value, ["doubleValue"] = 0.0, ["longValue"] = 0 };

    private static void AddDefault(List<(string Name, string? Value)> attributes, string name, string value)
    {
        if (!attributes.Any(a => a.Name == name))
        {
            attributes.Add((name, value));
        }
    }

    /// <summary>The request's attributes; of a name given twice the last value stands, in the first one's place (an
    /// instance's attributes are keyed by name, as PutAttributes treats them).</summary>
    private static List<(string Name, string? Value)> ReadAttributes(JsonNode? node)
    {
        var result = new List<(string Name, string? Value)>();
        foreach (var attribute in node as JsonArray ?? [])
        {
            if (attribute is not JsonObject a)
            {
                continue;
            }

            var name = Str(a, "name") ?? "";
            var at = result.FindIndex(r => r.Name == name);
            if (at < 0)
            {
                result.Add((name, Str(a, "value")));
            }
            else
            {
                result[at] = (name, Str(a, "value"));
            }
        }

        return result;
    }

    /// <summary>The instance identity document (signed or not: Stevedore never checks the signature).</summary>
    private static JsonObject? ReadIdentityDocument(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            // Read through once here, so a repeated name (JsonObject refuses it) or an escaped lone surrogate fails now.
            var document = JsonNode.Parse(text) as JsonObject ?? throw EcsErrors.Client("Invalid instance identity document.");
            foreach (var (_, value) in document)
            {
                if (value is JsonValue field && field.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    _ = field.GetValue<string>();
                }
            }

            return document;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw EcsErrors.Client("Invalid instance identity document.");
        }
    }

    /// <summary>An instance as described: remaining resources and task counts from the tasks placed on it.</summary>
    private static JsonObject InstanceJson(IStoreReader store, OperationContext context, JsonObject instance, bool includeTags)
    {
        var json = includeTags ? instance.DeepClone().AsObject() : WithoutTags(instance);
        var arn = Str(instance, "containerInstanceArn")!;
        var cluster = ClusterInArn(arn)!;
        var tasks = EcsStore.All(store, context.AccountId, context.Region, EcsStore.Tasks, cluster + "/")
            .Where(t => Str(t, "containerInstanceArn") == arn && Str(t, "lastStatus") != "STOPPED")
            .ToList();
        var (cpu, memory) = Remaining(instance, tasks);
        json["remainingResources"] = new JsonArray(Resource("CPU", cpu), Resource("MEMORY", memory));
        json["runningTasksCount"] = tasks.Count(t => Str(t, "lastStatus") == "RUNNING");
        json["pendingTasksCount"] = tasks.Count(t => Str(t, "lastStatus") != "RUNNING");
        return json;
    }

    /// <summary>CPU units and MiB left on an instance once <paramref name="tasks"/> (not stopped) are placed.</summary>
    private static (int Cpu, int Memory) Remaining(JsonObject instance, IEnumerable<JsonObject> tasks)
    {
        int Total(string name) => instance["registeredResources"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(r => Str(r, "name") == name)?["integerValue"]?.GetValue<int>() ?? 0;

        var cpu = Total("CPU");
        var memory = Total("MEMORY");
        foreach (var task in tasks)
        {
            cpu -= int.TryParse(Str(task, "cpu"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
            memory -= int.TryParse(Str(task, "memory"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        }

        return (cpu, memory);
    }

    private JsonObject DeregisterContainerInstance(OperationContext context)
    {
        var clusterName = ClusterName(context);
        var id = IdOf(context.RequiredString("containerInstance"));
        var force = context.Bool("force") ?? false;
        var instance = context.Store.Write(tx =>
        {
            ActiveCluster(tx, context, clusterName);
            var key = EcsStore.ContainerInstanceKey(context.AccountId, context.Region, clusterName, id);
            var instance = EcsStore.Find(tx, key) is { } found && Str(found, "status") != "INACTIVE" ? found : throw EcsErrors.ContainerInstanceNotFound();
            var arn = Str(instance, "containerInstanceArn");
            var running = EcsStore.All(tx, context.AccountId, context.Region, EcsStore.Tasks, clusterName + "/")
                .Where(t => Str(t, "containerInstanceArn") == arn && Str(t, "lastStatus") != "STOPPED")
                .ToList();
            if (running.Count > 0 && !force)
            {
                throw EcsErrors.InvalidParameter("Found running tasks on the instance.");
            }

            instance["status"] = "INACTIVE";
            instance["agentConnected"] = false;
            EcsStore.Put(tx, key, instance);
            return instance;
        });
        return new JsonObject { ["containerInstance"] = InstanceJson(context.Store, context, instance, includeTags: false) };
    }

    private JsonObject DescribeContainerInstances(OperationContext context)
    {
        var clusterName = ClusterName(context);
        ActiveCluster(context.Store, context, clusterName);
        var ids = context.Input["containerInstances"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        if (ids.Count > 100)
        {
            throw EcsErrors.InvalidParameter("Container instances cannot be more than 100.");
        }

        var instances = new JsonArray();
        var failures = new JsonArray();
        var includeTags = Includes(context, "TAGS");
        for (var i = 0; i < ids.Count; i++)
        {
            var id = IdOf(ids[i]);
            if (i > 0)
            {
                context.Authorize(ContainerInstanceTarget(context, clusterName, id));
            }

            if (EcsStore.Find(context.Store, EcsStore.ContainerInstanceKey(context.AccountId, context.Region, clusterName, id)) is { } instance)
            {
                instances.Add((JsonNode)(InstanceJson(context.Store, context, instance, includeTags)));
            }
            else
            {
                failures.Add((JsonNode)(new JsonObject { ["arn"] = ids[i].StartsWith("arn:", StringComparison.Ordinal) ? ids[i] : ContainerInstanceArn(context.Region, context.AccountId, clusterName, id), ["reason"] = "MISSING" }));
            }
        }

        return new JsonObject { ["containerInstances"] = instances, ["failures"] = failures };
    }

    private JsonObject ListContainerInstances(OperationContext context)
    {
        var clusterName = ClusterName(context);
        ActiveCluster(context.Store, context, clusterName);
        var status = context.String("status");
        var filter = context.String("filter");
        var arns = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.ContainerInstances, clusterName + "/")
            .Where(i => status is null ? Str(i, "status") is "ACTIVE" or "DRAINING" : Str(i, "status") == status)
            .Where(i => filter is null || MatchesFilter(ContainerInstanceView.From(i), filter))
            .Select(i => Str(i, "containerInstanceArn")!)
            .ToList();
        var (page, next) = Page(arns, context);
        return new JsonObject { ["containerInstanceArns"] = Array(page.Select(a => (JsonNode?)a)), ["nextToken"] = next };
    }

    /// <summary>
    /// The part of the cluster query language Stevedore supports: <c>attribute:NAME</c>, <c>attribute:NAME == VALUE</c>
    /// and <c>attribute:NAME != VALUE</c>.
    /// </summary>
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
    private static bool MatchesFilter(ContainerInstanceView instance, string filter)
    {
        var text = filter.Trim();
        if (!text.StartsWith("attribute:", StringComparison.Ordinal))
        {
            throw EcsErrors.InvalidParameter($"Stevedore supports only attribute:NAME [==|!= VALUE] filters: {filter}");
        }

        text = text["attribute:".Length..];
        foreach (var op in new[] { "==", "!=" })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var name = text[..at].Trim();
                var value = text[(at + 2)..].Trim();
                var equal = instance.Attributes.TryGetValue(name, out var actual) && actual == value;
                return op == "==" ? equal : !equal;
            }
        }

        return instance.Has(text);
    }
}
