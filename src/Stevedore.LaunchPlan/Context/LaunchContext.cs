namespace Stevedore.LaunchPlan.Context;

/// <summary>
/// Everything about a launch the plan depends on besides the task definition. The caller resolves what needs I/O
/// (the subnet's VPC and its endpoints, the container instance's attributes) before building a plan.
/// </summary>
public sealed record LaunchContext
{
    public required LaunchType LaunchType { get; init; }

    /// <summary>Fargate platform version (<c>1.4.0</c>, or <c>LATEST</c>/null for the current one).</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>EC2/External container agent version (<c>1.16.0</c>); null when unknown (taken as current, no gates).</summary>
    public string? AgentVersion { get; init; }

    /// <summary>The container instance's agent configuration (<c>/etc/ecs/ecs.config</c>): <c>ECS_*</c> name → value.</summary>
    public IReadOnlyDictionary<string, string> AgentConfiguration { get; init; } = new Dictionary<string, string>();

    /// <summary>The container instance's attributes (capabilities such as <c>ecs.capability.execution-role-awslogs</c>);
    /// null when unknown, in which case they are derived from the agent version and configuration.</summary>
    public IReadOnlySet<string>? AgentAttributes { get; init; }

    public required string Account { get; init; }

    public required string Region { get; init; }

    public string Cluster { get; init; } = "default";

    /// <summary>The task id (32 hex characters): the execution role's session name.</summary>
    public required string TaskId { get; init; }

    /// <summary>The task ARN; by default <c>arn:PARTITION:ecs:REGION:ACCOUNT:task/CLUSTER/TASKID</c>.</summary>
    public string? TaskArn { get; init; }

    /// <summary>The execution role for this task (the RunTask override already applied); null = the task definition's.</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>EC2/External: the container instance's role (used for pulls and awslogs when the execution role is not).</summary>
    public string? InstanceRoleArn { get; init; }

    /// <summary>The task's VPC and endpoints; null when the calls do not come from a VPC with endpoints.</summary>
    public LaunchNetwork? Network { get; init; }

    public string Partition => Partitions.Of(Region);

    public string EffectiveTaskArn => TaskArn ?? $"arn:{Partition}:ecs:{Region}:{Account}:task/{Cluster}/{TaskId}";

    /// <summary>An agent configuration value, or null.</summary>
    public string? Config(string name) => AgentConfiguration.TryGetValue(name, out var value) ? value : null;
}
