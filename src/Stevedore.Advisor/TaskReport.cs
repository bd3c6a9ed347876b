using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.Advisor;

/// <summary>The advisor's answer for one task definition under one role.</summary>
/// <param name="MissingPolicy">The least-privilege identity policy of the execution role that grants every denied requirement an identity
/// policy can fix (an empty Statement list when none is missing).</param>
public sealed record TaskReport(
    TaskLaunchPlan Plan,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<AdvisorFinding> Findings,
    JsonObject MissingPolicy)
{
    /// <summary>True when the plan has no error finding and no requirement that stops the task is denied.</summary>
    public bool CanStart => Plan.CanStart && !Requirements.Any(r => r.BlocksStart && r.Verdict == Verdict.Denied)
        && !Findings.Any(f => f.Level == FindingLevel.Error && f.Category == FindingCategory.Trust);

    public bool HasMissingPermissions => MissingPolicy["Statement"]!.AsArray().Count > 0;

    /// <summary>The container instance role whose calls were evaluated; null when its policies were not given.</summary>
    public string? InstanceRoleArn { get; init; }

    /// <summary>The least-privilege identity policy the instance role is missing (empty Statement list when none); null
    /// when the instance role's policies were not given.</summary>
    public JsonObject? InstanceRoleMissingPolicy { get; init; }

    public bool HasMissingInstanceRolePermissions => InstanceRoleMissingPolicy?["Statement"]!.AsArray().Count > 0;
}
