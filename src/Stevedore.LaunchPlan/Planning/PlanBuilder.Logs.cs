using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>The <c>awslogs</c> log driver (reference sheet §2(b)).</summary>
internal sealed partial class PlanBuilder
{
    private const string AwslogsOverride = "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE";

    /// <summary>EC2: awslogs uses the execution role only with the override on (configuration or capability attribute)
    /// and an execution role on the task; otherwise dockerd uses the instance role.</summary>
    private bool AwslogsOverrideOn =>
        (context.AgentAttributes?.Contains(FeatureGates.AwslogsExecutionRole.Attribute!) ?? false)
        || (context.AgentAttributes is null && GoBool(context.Config(AwslogsOverride)) == true
            && (_agent is null || _agent >= FeatureGates.AwslogsExecutionRole.AgentMinimum));

    /// <summary>CreateLogStream; when the group is missing and awslogs-create-group is true, CreateLogGroup and
    /// CreateLogStream again; then, while running, PutLogEvents (moby daemon/logger/awslogs).</summary>
    private (List<PlannedCall> Setup, List<PlannedCall> Running) AwslogsCalls(ContainerDefinition container)
    {
        var setup = new List<PlannedCall>();
        var running = new List<PlannedCall>();
        if (container.LogConfiguration is not { LogDriver: "awslogs" } log)
        {
            return (setup, running);
        }

        Gate(FeatureGates.Awslogs, JsonPaths.Member(log.Path, "logDriver"), container.Name);
        var optionsPath = JsonPaths.Member(log.Path, "options");
        if (!log.Options.TryGetValue("awslogs-group", out var group))
        {
            // Docker refuses the driver without a group (moby daemon/logger/awslogs ValidateLogOpt).
            Add(new PlanFinding("AwslogsGroupMissing", FindingSeverity.Error, FindingStage.Launch, Feature.Awslogs,
                "awslogs needs the option awslogs-group", optionsPath, Container: container.Name));
            return (setup, running);
        }

        var principal = CallPrincipal.ExecutionRole;
        if (!IsFargate)
        {
            principal = AwslogsOverrideOn && _executionRole is not null ? CallPrincipal.ExecutionRole : CallPrincipal.InstanceRole;
            if (principal == CallPrincipal.ExecutionRole)
            {
                Gate(FeatureGates.AwslogsExecutionRole, JsonPaths.Member(log.Path, "logDriver"), container.Name);
            }
            else
            {
                Add(new PlanFinding("AwslogsUsesInstanceRole", context.InstanceRoleArn is null ? FindingSeverity.Warning : FindingSeverity.Info,
                    FindingStage.Advice, Feature.Awslogs,
                    $"awslogs on {context.LaunchType} without {AwslogsOverride}=true (or without an execution role) uses the container instance role"
                    + (context.InstanceRoleArn is { } role ? $" {role}" : " (unknown here): it needs logs:CreateLogStream and logs:PutLogEvents"),
                    JsonPaths.Member(log.Path, "logDriver"), Container: container.Name));
            }
        }

        var region = log.Options.TryGetValue("awslogs-region", out var r) ? r.Value : context.Region;
        var partition = Partitions.Of(region);
        var groupArn = $"arn:{partition}:logs:{region}:{context.Account}:log-group:{group.Value}";
        string streamArn;
        string? stream = null;
        string? note = null;
        if (log.Options.TryGetValue("awslogs-stream-prefix", out var prefix))
        {
            // prefix-name/container-name/ecs-task-id (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html)
            stream = $"{prefix.Value}/{container.Name}/{context.TaskId}";
            streamArn = $"{groupArn}:log-stream:{stream}";
        }
        else
        {
            note = IsFargate ? "awslogs-stream-prefix is required on Fargate" : "without awslogs-stream-prefix the stream is named after the Docker container id";
            streamArn = $"{groupArn}:log-stream:*";
            if (IsFargate)
            {
                Add(new PlanFinding("AwslogsStreamPrefixMissing", FindingSeverity.Warning, FindingStage.Advice, Feature.Awslogs,
                    note, optionsPath, Container: container.Name));
            }
        }

        var paths = new[] { group.Path };
        JsonObject StreamRequest() => new() { ["logGroupName"] = group.Value, ["logStreamName"] = stream };
        var createStream = Routed(NewCall(PlanStage.LoggerSetup, Feature.Awslogs, "logs", "CreateLogStream", [streamArn], region, principal, "logs",
            StreamRequest(), paths, container.Name) with
        { ResourceNote = note });
        setup.Add(createStream);
        if (log.Options.TryGetValue("awslogs-create-group", out var create) && GoBool(create.Value) == true)
        {
            // CreateLogGroup is evaluated on the group's ARN with an empty stream (reference sheet §2(b)).
            setup.Add(Routed(NewCall(PlanStage.LoggerSetup, Feature.Awslogs, "logs", "CreateLogGroup", [$"{groupArn}:log-stream:"], region, principal, "logs",
                new JsonObject { ["logGroupName"] = group.Value }, [create.Path, group.Path], container.Name) with
            { Condition = CallCondition.IfLogGroupMissing }));
            setup.Add(createStream with { Request = StreamRequest(), Condition = CallCondition.IfLogGroupMissing });
        }

        running.Add(Routed(NewCall(PlanStage.Running, Feature.Awslogs, "logs", "PutLogEvents", [streamArn], region, principal, "logs",
            new JsonObject { ["logGroupName"] = group.Value, ["logStreamName"] = stream, ["logEvents"] = new JsonArray() }, paths, container.Name)
            with
        { StopsTaskOnFailure = false, ResourceNote = note }));
        return (setup, running);
    }

    /// <summary>Go's <c>strconv.ParseBool</c>, which Docker uses for log options.</summary>
    internal static bool? GoBool(string? text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}
