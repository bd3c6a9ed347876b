using System.Globalization;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Ec2;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecs;

/// <summary>Tasks: RunTask, StartTask, DescribeTasks, ListTasks, StopTask.</summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html and the other task operations
public sealed partial class EcsService
{
    partial void RegisterTasks()
    {
        Register("RunTask", c => LaunchTarget(c), RunTask);
        Register("StartTask", c => LaunchTarget(c), StartTask);
        Register("DescribeTasks", TaskTarget, DescribeTasks);
        Register("ListTasks", ListTasksTarget, ListTasks);
        Register("StopTask", TaskTarget, StopTask);
    }

    /// <summary>
    /// RunTask/StartTask: the task definition revision, with <c>ecs:cluster</c>, <c>ecs:task-cpu</c>/<c>ecs:task-memory</c>,
    /// <c>ecs:container-instances</c> (StartTask) and the request's tags.
    /// </summary>
    private AuthorizationTarget LaunchTarget(OperationContext context)
    {
        var identifier = context.RequiredString("taskDefinition");
        var definition = FindTaskDefinition(context.Store, context, identifier);
        var arn = definition is not null ? Str(definition, "taskDefinitionArn")! : identifier.StartsWith("arn:", StringComparison.Ordinal)
            ? identifier
            : $"arn:aws:ecs:{context.Region}:{context.AccountId}:task-definition/{identifier}";
        var target = WithTags(new AuthorizationTarget(Action(context), arn), definition)
            .With("ecs:cluster", ClusterArn(context.Region, context.AccountId, ClusterName(context)));
        if ((Str(context.Input["overrides"], "cpu") ?? Str(definition, "cpu")) is { } cpu)
        {
            target = target.With("ecs:task-cpu", cpu);
        }

        if ((Str(context.Input["overrides"], "memory") ?? Str(definition, "memory")) is { } memory)
        {
            target = target.With("ecs:task-memory", memory);
        }

        if (context.Input["containerInstances"] is JsonArray { Count: > 0 } instances)
        {
            var cluster = ClusterName(context);
            target = target.WithMulti("ecs:container-instances",
                [.. instances.Select(i => ContainerInstanceArn(context.Region, context.AccountId, cluster, IdOf(i!.GetValue<string>())))]);
        }

        return WithRequestTags(target, context.Input["tags"]);
    }

    /// <summary>The first task named, with <c>ecs:cluster</c> (DescribeTasks authorizes the others in the handler).</summary>
    private AuthorizationTarget TaskTarget(OperationContext context)
    {
        var first = context.Input["tasks"] is JsonArray { Count: > 0 } tasks ? tasks[0]!.GetValue<string>() : context.String("task") ?? "*";
        var cluster = ClusterInArn(first) ?? ClusterName(context);
        return TaskTargetFor(context, cluster, IdOf(first));
    }

    private AuthorizationTarget TaskTargetFor(OperationContext context, string cluster, string id) =>
        WithTags(new AuthorizationTarget(Action(context), TaskArn(context.Region, context.AccountId, cluster, id)),
                EcsStore.Find(context.Store, EcsStore.TaskKey(context.AccountId, context.Region, cluster, id)))
            .With("ecs:cluster", ClusterArn(context.Region, context.AccountId, cluster));

    /// <summary>ListTasks: the container instance it filters on (else every instance of the cluster), with <c>ecs:cluster</c>.</summary>
    private AuthorizationTarget ListTasksTarget(OperationContext context)
    {
        var cluster = ClusterName(context);
        var instance = context.String("containerInstance") is { } given ? IdOf(given) : "*";
        return new AuthorizationTarget(Action(context), ContainerInstanceArn(context.Region, context.AccountId, cluster, instance))
            .With("ecs:cluster", ClusterArn(context.Region, context.AccountId, cluster));
    }

    private JsonObject RunTask(OperationContext context)
    {
        var count = context.Int("count") ?? 1;
        if (count is < 1 or > 10)
        {
            throw EcsErrors.InvalidParameter("count must be between 1 and 10.");
        }

        var request = LaunchRequest.Read(context);
        var launchType = context.String("launchType") ?? (context.Input["capacityProviderStrategy"] is JsonArray { Count: > 0 } ? "FARGATE" : "EC2");
        var plan = PlanLaunch(context, request, launchType);
        List<JsonObject> tasks;
        JsonArray failures = [];
        if (launchType == "FARGATE")
        {
            tasks = [.. Enumerable.Range(0, count).Select(_ => NewTask(context, request, launchType, plan, instance: null))];
            tasks = Commit(context, request, tasks);
        }
        else
        {
            (tasks, failures) = Place(context, request, launchType, plan, count);
        }

        return Respond(context, request, tasks, failures, plan);
    }

    private JsonObject StartTask(OperationContext context)
    {
        var ids = context.Input["containerInstances"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        if (ids.Count is < 1 or > 10)
        {
            throw EcsErrors.InvalidParameter("containerInstances must contain between 1 and 10 container instances.");
        }

        var request = LaunchRequest.Read(context);
        var plan = PlanLaunch(context, request, "EC2");
        var tasks = new List<JsonObject>();
        var failures = new JsonArray();
        foreach (var id in ids)
        {
            var key = EcsStore.ContainerInstanceKey(context.AccountId, context.Region, request.ClusterName, IdOf(id));
            if (EcsStore.Find(context.Store, key) is { } instance && Str(instance, "status") == "ACTIVE")
            {
                var view = ContainerInstanceView.From(instance);
                tasks.Add(NewTask(context, request, view.IsExternal ? "EXTERNAL" : "EC2", plan, view));
            }
            else
            {
                failures.Add((JsonNode)(new JsonObject
                {
                    ["arn"] = ContainerInstanceArn(context.Region, context.AccountId, request.ClusterName, IdOf(id)),
                    ["reason"] = "MISSING",
                }));
            }
        }

        return Respond(context, request, Commit(context, request, tasks), failures, plan);
    }

    /// <summary>Places <paramref name="count"/> tasks on the cluster's instances of the launch type, as capacity allows.</summary>
    private (List<JsonObject> Tasks, JsonArray Failures) Place(OperationContext context, LaunchRequest request, string launchType, LaunchPlanInput plan, int count)
    {
        var instances = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.ContainerInstances, request.ClusterName + "/")
            .Where(i => Str(i, "status") == "ACTIVE" && ContainerInstanceView.From(i).IsExternal == (launchType == "EXTERNAL"))
            .ToList();
        if (instances.Count == 0)
        {
            // https://github.com/aws/amazon-ecs-cli/issues/1122
            throw EcsErrors.InvalidParameter("No Container Instances were found in your cluster.");
        }

        var placed = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.Tasks, request.ClusterName + "/")
            .Where(t => Str(t, "lastStatus") != "STOPPED")
            .ToList();
        var required = TaskDefinitionRules.PlacementAttributes(request.Definition).ToList();
        var tasks = new List<JsonObject>();
        var failures = new JsonArray();
        for (var n = 0; n < count; n++)
        {
            JsonObject? chosen = null;
            string? reason = null;
            string? lastArn = null;
            foreach (var instance in instances)
            {
                var view = ContainerInstanceView.From(instance);
                lastArn = view.Arn;
                if (required.Any(a => !view.Has(a)))
                {
                    reason = "ATTRIBUTE";
                    continue;
                }

                var (cpu, memory) = Remaining(instance, placed.Concat(tasks).Where(t => Str(t, "containerInstanceArn") == view.Arn));
                if (cpu < request.Cpu)
                {
                    reason = "RESOURCE:CPU";
                    continue;
                }

                if (memory < request.Memory)
                {
                    reason = "RESOURCE:MEMORY";
                    continue;
                }

                chosen = instance;
                break;
            }

            if (chosen is null)
            {
                failures.Add((JsonNode)(new JsonObject { ["arn"] = lastArn, ["reason"] = reason }));
                continue;
            }

            tasks.Add(NewTask(context, request, launchType, plan, ContainerInstanceView.From(chosen)));
        }

        return (Commit(context, request, tasks), failures);
    }

    /// <summary>The awsvpc network and Fargate platform a launch uses, checked once for all its tasks.</summary>
    private sealed record LaunchPlanInput(string? PlatformVersion, JsonObject? Subnet, IReadOnlyList<string> SecurityGroups, bool AssignPublicIp);

    private static LaunchPlanInput PlanLaunch(OperationContext context, LaunchRequest request, string launchType)
    {
        if (launchType is not ("FARGATE" or "EC2" or "EXTERNAL"))
        {
            throw EcsErrors.InvalidParameter($"Invalid launch type: {launchType}");
        }

        if (!request.Definition["compatibilities"]!.AsArray().Any(c => c?.GetValue<string>() == launchType))
        {
            // https://github.com/sil-org/ecs-deploy/issues/134 (UpdateService; RunTask answers alike)
            throw EcsErrors.InvalidParameter($"Task definition does not support launch_type {launchType}.");
        }

        string? platform = null;
        var requested = context.String("platformVersion");
        if (launchType == "FARGATE")
        {
            platform = requested is null or "LATEST" ? "1.4.0" : requested;
            if (platform is not ("1.4.0" or "1.3.0" or "1.2.0" or "1.1.0" or "1.0.0"))
            {
                throw EcsErrors.InvalidParameter($"The specified platform version does not exist: {requested}");
            }
        }
        else if (requested is not null)
        {
            throw EcsErrors.InvalidParameter($"The platform version must be null when specifying an {launchType} launch type.");
        }

        var awsvpc = Str(request.Definition, "networkMode") == "awsvpc";
        var configuration = context.Input["networkConfiguration"]?["awsvpcConfiguration"] as JsonObject;
        if (!awsvpc)
        {
            if (configuration is not null)
            {
                // https://github.com/DataDog/test-infra-definitions/pull/57
                throw EcsErrors.InvalidParameter("Network Configuration is not valid for the given networkMode of this task definition.");
            }

            return new LaunchPlanInput(platform, null, [], false);
        }

        if (configuration is null)
        {
            // https://github.com/fabfuel/ecs-deploy/issues/61
            throw EcsErrors.InvalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }

        var subnets = configuration["subnets"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
        if (subnets.Count == 0)
        {
            throw EcsErrors.InvalidParameter("subnets can not be empty.");
        }

        if (subnets.Count > 16)
        {
            throw EcsErrors.InvalidParameter("subnets can have at most 16 items.");
        }

        var groups = configuration["securityGroups"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
        if (groups.Count > 5)
        {
            throw EcsErrors.InvalidParameter("securityGroups can have at most 5 items.");
        }

        var publicIp = Str(configuration, "assignPublicIp") == "ENABLED";
        if (publicIp && launchType != "FARGATE")
        {
            throw EcsErrors.InvalidParameter("Assign public IP is not supported for this launch type.");
        }

        var subnet = Ec2Store.Find(context.Store, context.AccountId, context.Region, Ec2Store.Subnets, subnets[0])
            ?? throw EcsErrors.InvalidParameter($"Error retrieving subnet information for [{subnets[0]}]: The subnet ID '{subnets[0]}' does not exist");
        foreach (var other in subnets.Skip(1))
        {
            var found = Ec2Store.Find(context.Store, context.AccountId, context.Region, Ec2Store.Subnets, other)
                ?? throw EcsErrors.InvalidParameter($"Error retrieving subnet information for [{other}]: The subnet ID '{other}' does not exist");
            if (Str(found, "VpcId") != Str(subnet, "VpcId"))
            {
                throw EcsErrors.InvalidParameter("The subnets must all be in the same VPC.");
            }
        }

        foreach (var group in groups)
        {
            var found = Ec2Store.Find(context.Store, context.AccountId, context.Region, Ec2Store.SecurityGroups, group)
                ?? throw EcsErrors.InvalidParameter($"Error retrieving security group information for [{group}]: The security group '{group}' does not exist");
            if (Str(found, "VpcId") != Str(subnet, "VpcId"))
            {
                throw EcsErrors.InvalidParameter("Security group and subnet must belong to the same network.");
            }
        }

        return new LaunchPlanInput(platform, subnet, groups, publicIp);
    }

    /// <summary>A new task record, in <c>PROVISIONING</c>, as DescribeTasks returns it.</summary>
    private static JsonObject NewTask(OperationContext context, LaunchRequest request, string launchType, LaunchPlanInput plan, ContainerInstanceView? instance)
    {
        var id = NewId();
        var taskArn = TaskArn(context.Region, context.AccountId, request.ClusterName, id);
        var now = context.Now.ToString("O", CultureInfo.InvariantCulture);
        var containers = new JsonArray();
        foreach (var definition in request.Definition["containerDefinitions"]!.AsArray().OfType<JsonObject>())
        {
            var name = Str(definition, "name")!;
            var container = new JsonObject
            {
                ["containerArn"] = $"arn:aws:ecs:{context.Region}:{context.AccountId}:container/{request.ClusterName}/{id}/{Guid.NewGuid()}",
                ["taskArn"] = taskArn,
                ["name"] = name,
                ["image"] = Str(definition, "image"),
                ["lastStatus"] = "PENDING",
                ["networkInterfaces"] = new JsonArray(),
                ["healthStatus"] = "UNKNOWN",
                ["cpu"] = (definition["cpu"]?.GetValue<int>() ?? 0).ToString(CultureInfo.InvariantCulture),
            };
            if (definition["memory"] is { } memory)
            {
                container["memory"] = memory.GetValue<int>().ToString(CultureInfo.InvariantCulture);
            }

            if (definition["memoryReservation"] is { } reservation)
            {
                container["memoryReservation"] = reservation.GetValue<int>().ToString(CultureInfo.InvariantCulture);
            }

            containers.Add((JsonNode)container);
        }

        var task = new JsonObject
        {
            ["taskArn"] = taskArn,
            ["clusterArn"] = ClusterArn(context.Region, context.AccountId, request.ClusterName),
            ["taskDefinitionArn"] = Str(request.Definition, "taskDefinitionArn"),
            ["containerInstanceArn"] = instance?.Arn,
            ["overrides"] = request.Overrides.DeepClone(),
            ["lastStatus"] = "PROVISIONING",
            ["desiredStatus"] = "RUNNING",
            ["cpu"] = request.Cpu.ToString(CultureInfo.InvariantCulture),
            ["memory"] = request.Memory.ToString(CultureInfo.InvariantCulture),
            ["containers"] = containers,
            ["startedBy"] = request.StartedBy,
            ["version"] = 1,
            ["connectivity"] = null,
            ["createdAt"] = now,
            ["group"] = request.Group,
            ["launchType"] = launchType,
            ["platformVersion"] = plan.PlatformVersion,
            ["platformFamily"] = launchType == "FARGATE" ? "Linux" : null,
            ["attachments"] = new JsonArray(),
            ["attributes"] = new JsonArray(new JsonObject { ["name"] = "ecs.cpu-architecture", ["value"] = "x86_64" }),
            ["healthStatus"] = "UNKNOWN",
            ["enableExecuteCommand"] = context.Bool("enableExecuteCommand") ?? false,
            ["tags"] = request.Tags.DeepClone(),
        };
        if (launchType == "FARGATE")
        {
            task["ephemeralStorage"] = new JsonObject { ["sizeInGiB"] = 20 };
        }

        if (plan.Subnet is { } subnet)
        {
            task["availabilityZone"] = Str(subnet, "AvailabilityZone");
        }
        else if (instance?.Attributes.GetValueOrDefault("ecs.availability-zone") is { } zone)
        {
            task["availabilityZone"] = zone;
        }

        return task;
    }

    /// <summary>
    /// Stores new tasks; for awsvpc each gets an ENI attachment with the next private address of the subnet (drawn in the
    /// same transaction, so addresses never repeat).
    /// </summary>
    private static List<JsonObject> Commit(OperationContext context, LaunchRequest request, List<JsonObject> tasks)
    {
        if (tasks.Count == 0)
        {
            return tasks;
        }

        var subnetId = context.Input["networkConfiguration"]?["awsvpcConfiguration"]?["subnets"]?[0]?.GetValue<string>();
        var awsvpc = Str(request.Definition, "networkMode") == "awsvpc";
        return context.Store.Write(tx =>
        {
            ActiveCluster(tx, context, request.ClusterName);
            var result = new List<JsonObject>();
            foreach (var original in tasks)
            {
                var task = original.DeepClone().AsObject();
                if (awsvpc && subnetId is not null)
                {
                    var subnet = Ec2Store.Find(tx, context.AccountId, context.Region, Ec2Store.Subnets, subnetId)!;
                    Ipv4Cidr.TryParse(Str(subnet, "CidrBlock"), out var cidr);

                    // AWS reserves the first four addresses and the last one of every subnet.
                    var usable = Math.Max(1u, cidr.Size - 5);
                    var n = (ulong)(tx.NextSequenceValue(EcsStore.AddressSequence(context.AccountId, context.Region, subnetId)) - 1);
                    var address = cidr.Network + 4 + (uint)(n % usable);
                    var ip = $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";
                    var eni = "eni-" + NewId()[..17];
                    var attachmentId = Guid.NewGuid().ToString();
                    task["attachments"] = new JsonArray(new JsonObject
                    {
                        ["id"] = attachmentId,
                        ["type"] = "ElasticNetworkInterface",
                        ["status"] = "PRECREATED",
                        ["details"] = new JsonArray(
                            Detail("subnetId", subnetId),
                            Detail("networkInterfaceId", eni),
                            Detail("macAddress", MacFor(address)),
                            Detail("privateDnsName", $"ip-{ip.Replace('.', '-')}.{(context.Region == "us-east-1" ? "ec2.internal" : context.Region + ".compute.internal")}"),
                            Detail("privateIPv4Address", ip)),
                    });
                    foreach (var container in task["containers"]!.AsArray().OfType<JsonObject>())
                    {
                        container["networkInterfaces"] = new JsonArray(new JsonObject { ["attachmentId"] = attachmentId, ["privateIpv4Address"] = ip });
                    }
                }

                var id = IdOf(Str(task, "taskArn")!);
                tx.Insert(EcsStore.TaskKey(context.AccountId, context.Region, request.ClusterName, id), task.ToJsonString());
                result.Add(task);
            }

            return result;
        });
    }

    private static JsonObject Detail(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static string MacFor(uint address) =>
        $"0a:{(address >> 24) & 255:x2}:{(address >> 16) & 255:x2}:{(address >> 8) & 255:x2}:{address & 255:x2}:01";

    /// <summary>Launches each new task (when a launcher is wired) and answers with the tasks as first recorded.</summary>
    private JsonObject Respond(OperationContext context, LaunchRequest request, List<JsonObject> tasks, JsonArray failures, LaunchPlanInput plan)
    {
        var response = new JsonObject
        {
            ["tasks"] = Array(tasks), // Commit's own copies: the launches below only read them
            ["failures"] = failures,
        };
        if (Launcher is { } launcher)
        {
            foreach (var task in tasks)
            {
                Launch(context, launcher, request, task, plan);
            }
        }

        return response;
    }

    private static void Launch(OperationContext context, ITaskLauncher launcher, LaunchRequest request, JsonObject task, LaunchPlanInput plan)
    {
        var id = IdOf(Str(task, "taskArn")!);
        ContainerInstanceView? instance = null;
        if (Str(task, "containerInstanceArn") is { } instanceArn
            && EcsStore.Find(context.Store, EcsStore.ContainerInstanceKey(context.AccountId, context.Region, request.ClusterName, IdOf(instanceArn))) is { } record)
        {
            instance = ContainerInstanceView.From(record);
        }

        TaskNetwork? network = null;
        if (plan.Subnet is { } subnet && task["attachments"]?[0]?["details"] is JsonArray details)
        {
            string Detail(string name) => details.OfType<JsonObject>().First(d => Str(d, "name") == name)["value"]!.GetValue<string>();
            network = new TaskNetwork(Str(subnet, "SubnetId")!, Str(subnet, "VpcId")!, Str(subnet, "AvailabilityZone")!,
                Detail("privateIPv4Address"), Detail("networkInterfaceId"), plan.AssignPublicIp, plan.SecurityGroups);
        }

        var outcome = launcher.Launch(new TaskLaunch(
            task.DeepClone().AsObject(), WithoutTags(request.Definition), context.AccountId, context.Region, id, Str(task, "launchType")!,
            plan.PlatformVersion, request.ExecutionRoleArn, request.TaskRoleArn, instance, network, context));
        ApplyOutcome(context, request.ClusterName, id, outcome);
    }

    /// <summary>Records a launch's outcome: the task's and its containers' status, reasons, stop code and timestamps.</summary>
    private static void ApplyOutcome(OperationContext context, string cluster, string id, TaskLaunchOutcome outcome)
    {
        var now = context.Now.ToString("O", CultureInfo.InvariantCulture);
        context.Store.Write(tx =>
        {
            outcome.Record?.Invoke(tx);
            var key = EcsStore.TaskKey(context.AccountId, context.Region, cluster, id);
            if (EcsStore.Find(tx, key) is not { } task || Str(task, "lastStatus") == "STOPPED")
            {
                return;
            }

            var stopped = outcome.LastStatus == "STOPPED";
            task["lastStatus"] = outcome.LastStatus;
            task["version"] = (task["version"]?.GetValue<long>() ?? 1) + 1;
            task["pullStartedAt"] = now;
            task["pullStoppedAt"] = now;
            if (task["attachments"] is JsonArray { Count: > 0 } attachments)
            {
                attachments[0]!["status"] = stopped ? "DELETED" : "ATTACHED";
            }

            if (stopped)
            {
                task["desiredStatus"] = "STOPPED";
                task["stopCode"] = outcome.StopCode;
                task["stoppedReason"] = outcome.StoppedReason;
                task["stoppingAt"] = now;
                task["stoppedAt"] = now;
                task["executionStoppedAt"] = now;
            }
            else
            {
                task["connectivity"] = "CONNECTED";
                task["connectivityAt"] = now;
                task["startedAt"] = now;
            }

            foreach (var container in task["containers"]!.AsArray().OfType<JsonObject>())
            {
                var name = Str(container, "name")!;
                container["lastStatus"] = outcome.LastStatus;
                if (outcome.ContainerReasons?.GetValueOrDefault(name) is { } reason)
                {
                    container["reason"] = reason;
                }

                if (outcome.ContainerExitCodes is { } codes && codes.TryGetValue(name, out var code))
                {
                    container["exitCode"] = code;
                }
            }

            EcsStore.Put(tx, key, task);
        });
    }

    private JsonObject DescribeTasks(OperationContext context)
    {
        var cluster = ClusterName(context);
        ActiveCluster(context.Store, context, cluster);
        var ids = context.Input["tasks"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        if (ids.Count == 0)
        {
            // https://github.com/aws/copilot-cli/issues/3551
            throw EcsErrors.InvalidParameter("Tasks cannot be empty.");
        }

        if (ids.Count > 100)
        {
            throw EcsErrors.InvalidParameter("Tasks cannot be more than 100.");
        }

        var tasks = new JsonArray();
        var failures = new JsonArray();
        var includeTags = Includes(context, "TAGS");
        for (var i = 0; i < ids.Count; i++)
        {
            var id = IdOf(ids[i]);
            if (i > 0)
            {
                context.Authorize(TaskTargetFor(context, cluster, id));
            }

            if (EcsStore.Find(context.Store, EcsStore.TaskKey(context.AccountId, context.Region, cluster, id)) is { } task)
            {
                tasks.Add((JsonNode)(includeTags ? task : WithoutTags(task)));
            }
            else
            {
                failures.Add((JsonNode)(new JsonObject { ["arn"] = ids[i].StartsWith("arn:", StringComparison.Ordinal) ? ids[i] : TaskArn(context.Region, context.AccountId, cluster, id), ["reason"] = "MISSING" }));
            }
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    private JsonObject ListTasks(OperationContext context)
    {
        var cluster = ClusterName(context);
        ActiveCluster(context.Store, context, cluster);
        var desired = context.String("desiredStatus") ?? "RUNNING";
        var instance = context.String("containerInstance") is { } given ? ContainerInstanceArn(context.Region, context.AccountId, cluster, IdOf(given)) : null;
        var family = context.String("family");
        var startedBy = context.String("startedBy");
        var launchType = context.String("launchType");
        var arns = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.Tasks, cluster + "/")
            .Where(t => Str(t, "desiredStatus") == desired)
            .Where(t => instance is null || Str(t, "containerInstanceArn") == instance)
            .Where(t => family is null || Str(t, "taskDefinitionArn")!.Contains($":task-definition/{family}:", StringComparison.Ordinal))
            .Where(t => startedBy is null || Str(t, "startedBy") == startedBy)
            .Where(t => launchType is null || Str(t, "launchType") == launchType)
            .Where(t => context.String("serviceName") is null)
            .Select(t => Str(t, "taskArn")!)
            .ToList();
        var (page, next) = Page(arns, context);
        return new JsonObject { ["taskArns"] = Array(page.Select(a => (JsonNode?)a)), ["nextToken"] = next };
    }

    private JsonObject StopTask(OperationContext context)
    {
        var given = context.RequiredString("task");
        var cluster = ClusterInArn(given) ?? ClusterName(context);
        var id = IdOf(given);
        var reason = context.String("reason");
        var now = context.Now.ToString("O", CultureInfo.InvariantCulture);
        var task = context.Store.Write(tx =>
        {
            ActiveCluster(tx, context, cluster);
            var key = EcsStore.TaskKey(context.AccountId, context.Region, cluster, id);
            var task = EcsStore.Find(tx, key) ?? throw EcsErrors.TaskNotFound();
            if (Str(task, "lastStatus") == "STOPPED")
            {
                return task;
            }

            task["desiredStatus"] = "STOPPED";
            task["lastStatus"] = "STOPPED";
            task["stopCode"] = "UserInitiated";

            // Without a reason ECS records "Task stopped by user" (docs/services/ecs.md, doubts).
            task["stoppedReason"] = reason ?? "Task stopped by user";
            task["stoppingAt"] = now;
            task["stoppedAt"] = now;
            task["executionStoppedAt"] = now;
            task["version"] = (task["version"]?.GetValue<long>() ?? 1) + 1;
            if (task["attachments"] is JsonArray { Count: > 0 } attachments)
            {
                attachments[0]!["status"] = "DELETED";
            }

            foreach (var container in task["containers"]!.AsArray().OfType<JsonObject>())
            {
                container["lastStatus"] = "STOPPED";
            }

            EcsStore.Put(tx, key, task);
            return task;
        });
        return new JsonObject { ["task"] = WithoutTags(task) };
    }
}
