namespace Stevedore.Advisor;

public enum FindingCategory
{
    /// <summary>A requirement the role denies.</summary>
    Permission,

    /// <summary>From the launch plan: registration, placement or launch-type pitfalls, version gates.</summary>
    LaunchPlan,

    /// <summary>The trust policy.</summary>
    Trust,

    /// <summary>A grant wider than the task needs.</summary>
    OverBroad,
}

public enum FindingLevel
{
    Error,
    Warning,
    Note,
}

/// <summary>
/// A finding located in a document: the task definition (<see cref="PolicyId"/> null) or a policy
/// (<see cref="PolicyId"/> = the id the policy was compiled with). <see cref="Suggestion"/> is a policy document
/// (JSON) or statement to use instead, where one helps.
/// </summary>
public sealed record AdvisorFinding(
    string Code,
    FindingCategory Category,
    FindingLevel Level,
    string Message,
    string? JsonPath,
    string? PolicyId = null,
    string? Suggestion = null,
    int? RequirementId = null);
