using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>What a requirement is in the plan.</summary>
public enum RequirementKind
{
    /// <summary>ECS (<c>ecs-tasks.amazonaws.com</c>) assuming the execution role, against its trust policy.</summary>
    RoleAssumption,

    /// <summary>A call the agent makes.</summary>
    Call,

    /// <summary>A call a service makes on the principal's behalf (kms:Decrypt via Secrets Manager or SSM).</summary>
    SideCall,
}

/// <summary>The answer for one requirement.</summary>
public enum Verdict
{
    Allowed,
    Denied,

    /// <summary>Not decided by the role: the instance role's calls, pre-signed layer downloads, a KMS key or trust policy not given.</summary>
    NotEvaluated,
}

/// <summary>
/// One thing the launch needs and the role's answer: a (call, resource) pair of the plan, a side call, or the role
/// assumption. <see cref="Resource"/> is what IAM evaluates; <see cref="PolicyResource"/> is what a policy should name
/// (the task id replaced by <c>*</c>, a secret's random suffix as <c>-??????</c>).
/// </summary>
public sealed record Requirement
{
    public required int Id { get; init; }

    public required RequirementKind Kind { get; init; }

    public required Feature Feature { get; init; }

    /// <summary>Null for the role assumption.</summary>
    public PlanStage? Stage { get; init; }

    public required string Action { get; init; }

    /// <summary>The resource evaluated, or null when unknown (a KMS key not given).</summary>
    public required string? Resource { get; init; }

    /// <summary>The resource to grant in a policy.</summary>
    public string? PolicyResource { get; init; }

    public string? Service { get; init; }

    public string? Operation { get; init; }

    public required string Principal { get; init; }

    public CallPrincipal? CallPrincipal { get; init; }

    public string? Region { get; init; }

    public string? Container { get; init; }

    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<string> JsonPaths { get; init; }

    public CallCondition Condition { get; init; } = CallCondition.Always;

    /// <summary>True when a denial stops the task (false for PutLogEvents, the bucket-region probe, conditional calls).</summary>
    public required bool BlocksStart { get; init; }

    public required Verdict Verdict { get; init; }

    public DecisionKind? Decision { get; init; }

    /// <summary>The policy type that decided (for a denial: the one IAM names; for an allow: the one that granted).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The statements that allow it (allowed) or explicitly deny it (explicit deny).</summary>
    public IReadOnlyList<StatementRef> Statements { get; init; } = [];

    /// <summary>The denial in the engine's words (the AccessDenied message).</summary>
    public string? Message { get; init; }

    public IReadOnlyList<ConditionFailure> FailedConditions { get; init; } = [];

    public IReadOnlyList<string> MissingContextKeys { get; init; } = [];

    /// <summary>Why not evaluated, why conditional, or what else must allow it (a cross-account resource policy).</summary>
    public string? Note { get; init; }

    public string? JsonPath => JsonPaths.Count > 0 ? JsonPaths[0] : null;

    /// <summary>True when denied implicitly and no identity policy allows it: an identity-policy statement is part of the fix
    /// (with a permissions boundary that also lacks it, the boundary must allow it too).</summary>
    public bool MissingFromIdentity { get; init; }
}
