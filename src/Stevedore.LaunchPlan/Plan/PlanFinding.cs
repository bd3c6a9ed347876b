namespace Stevedore.LaunchPlan.Plan;

public enum FindingSeverity
{
    /// <summary>The task cannot be registered, placed or started.</summary>
    Error,

    /// <summary>The task may start but something is likely wrong (a setting ignored, an unknown in the plan).</summary>
    Warning,

    /// <summary>A fact worth knowing (e.g. which role a call uses).</summary>
    Info,
}

/// <summary>When a finding bites.</summary>
public enum FindingStage
{
    /// <summary>RegisterTaskDefinition refuses the definition (<c>ClientException</c>).</summary>
    Registration,

    /// <summary>RunTask cannot place or start the task (platform version, missing instance attribute).</summary>
    Placement,

    /// <summary>The task is launched and stops (its <c>stoppedReason</c>).</summary>
    Launch,

    /// <summary>Nothing fails; advice.</summary>
    Advice,
}

/// <summary>
/// What the plan knows without calling anything: version gates, launch-type rules, malformed references.
/// <see cref="EcsMessage"/> is the text ECS gives, where the reference sheet has one (for <see cref="FindingStage.Launch"/>
/// the raw resource text, before <see cref="Stopping.StopReasons"/> words it).
/// </summary>
public sealed record PlanFinding(
    string Code,
    FindingSeverity Severity,
    FindingStage Stage,
    Feature Feature,
    string Message,
    string? JsonPath,
    string? EcsMessage = null,
    string? Container = null);
