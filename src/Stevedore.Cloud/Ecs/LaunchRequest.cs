using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// What RunTask and StartTask share, read and checked once: the cluster, the revision, the overrides, the roles the
/// task will use (each passed to ECS: <c>iam:PassRole</c>), its size, tags, <c>startedBy</c> and <c>group</c>.
/// </summary>
internal sealed record LaunchRequest(
    string ClusterName,
    JsonObject Definition,
    JsonObject Overrides,
    string? ExecutionRoleArn,
    string? TaskRoleArn,
    int Cpu,
    int Memory,
    JsonArray Tags,
    string? StartedBy,
    string Group)
{
    public static LaunchRequest Read(OperationContext context)
    {
        var cluster = EcsService.ClusterName(context);
        EcsService.ActiveCluster(context.Store, context, cluster);
        var definition = EcsService.FindTaskDefinition(context.Store, context, context.RequiredString("taskDefinition"))
            ?? throw EcsErrors.TaskDefinitionNotFound();
        if (definition["status"]?.GetValue<string>() != "ACTIVE")
        {
            throw EcsErrors.TaskDefinitionInactive();
        }

        var overrides = context.Input["overrides"] as JsonObject ?? new JsonObject();
        var executionRole = overrides["executionRoleArn"]?.GetValue<string>() ?? definition["executionRoleArn"]?.GetValue<string>();
        var taskRole = overrides["taskRoleArn"]?.GetValue<string>() ?? definition["taskRoleArn"]?.GetValue<string>();
        var containers = definition["containerDefinitions"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var name in overrides["containerOverrides"]?.AsArray().OfType<JsonObject>().Select(o => o["name"]?.GetValue<string>()) ?? [])
        {
            if (name is not null && containers.All(c => c["name"]?.GetValue<string>() != name))
            {
                throw EcsErrors.InvalidParameter($"Override for container named {name} is not a container in the TaskDefinition.");
            }
        }

        var cpu = TaskDefinitionRules.Cpu(overrides["cpu"]?.GetValue<string>())
            ?? TaskDefinitionRules.Cpu(definition["cpu"]?.GetValue<string>())
            ?? containers.Sum(c => c["cpu"]?.GetValue<int>() ?? 0);
        var memory = TaskDefinitionRules.Memory(overrides["memory"]?.GetValue<string>())
            ?? TaskDefinitionRules.Memory(definition["memory"]?.GetValue<string>())
            ?? containers.Sum(c => c["memory"]?.GetValue<int>() ?? c["memoryReservation"]?.GetValue<int>() ?? 0);

        var tags = EcsService.RequestTags(context.Input["tags"]);
        if (context.String("propagateTags") == "TASK_DEFINITION")
        {
            foreach (var tag in definition["tags"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (tags.All(t => t!["key"]!.GetValue<string>() != tag["key"]!.GetValue<string>()))
                {
                    tags.Add(tag.DeepClone());
                }
            }
        }

        // Running a task passes its roles to ECS.
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html (iam:PassRole)
        foreach (var role in new[] { executionRole, taskRole }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            context.Authorize(new AuthorizationTarget("iam:PassRole", role).With("iam:PassedToService", "ecs-tasks.amazonaws.com"), null);
        }

        return new LaunchRequest(
            cluster,
            definition,
            overrides,
            executionRole,
            taskRole,
            cpu,
            memory,
            tags,
            context.String("startedBy"),
            context.String("group") ?? $"family:{definition["family"]!.GetValue<string>()}");
    }
}
