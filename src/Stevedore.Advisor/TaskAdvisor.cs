using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Catalog;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>
/// Evaluates a launch plan against an execution role: every requirement's verdict, the missing permissions as a
/// least-privilege policy, trust-policy lint, over-broad grants and the plan's own findings. Pure: no I/O.
/// </summary>
public static class TaskAdvisor
{
    public static TaskReport Check(TaskLaunchPlan plan, RoleUnderTest role, AdvisorOptions? options = null, ActionCatalog? catalog = null)
    {
        options ??= AdvisorOptions.Default;
        catalog ??= ActionCatalog.Default;
        var requirements = new RequirementEvaluator(plan, role, options).Evaluate();
        var findings = new List<AdvisorFinding>();
        findings.AddRange(plan.Findings.Select(FromPlan));
        findings.AddRange(requirements.Where(r => r.Verdict == Verdict.Denied).Select(Denial));
        if (role.TrustPolicy is { } trust)
        {
            findings.AddRange(TrustPolicyLint.Check(trust, plan, requirements.FirstOrDefault(r => r.Kind == RequirementKind.RoleAssumption)));
        }

        findings.AddRange(OverBroadGrants.Check(role, requirements, catalog));
        var missing = PolicyGenerator.Generate(requirements.Where(r => r.Verdict == Verdict.Denied && r.Kind != RequirementKind.RoleAssumption && r.MissingFromIdentity), catalog);
        return new TaskReport(plan, requirements, findings, missing);
    }

    private static AdvisorFinding FromPlan(PlanFinding finding) => new(
        finding.Code,
        FindingCategory.LaunchPlan,
        finding.Severity switch { FindingSeverity.Error => FindingLevel.Error, FindingSeverity.Warning => FindingLevel.Warning, _ => FindingLevel.Note },
        finding.EcsMessage is { } ecs && ecs != finding.Message ? $"{finding.Message} (ECS: {ecs})" : finding.Message,
        finding.JsonPath);

    private static AdvisorFinding Denial(Requirement requirement)
    {
        var (code, why) = requirement switch
        {
            { Kind: RequirementKind.RoleAssumption } => ("RoleAssumptionDenied", "ECS cannot assume the role"),
            { Decision: DecisionKind.ExplicitDeny } => ("ExplicitDeny", "an explicit deny; adding permissions will not help"),
            { DecidedBy: "PermissionsBoundary" } => ("DeniedByBoundary", "the permissions boundary does not allow it"),
            _ => ("MissingPermission", "no policy allows it"),
        };
        var level = requirement.BlocksStart ? FindingLevel.Error : FindingLevel.Warning;
        var conditional = requirement.BlocksStart ? "" : requirement.Condition switch
        {
            CallCondition.IfLogGroupMissing => " (needed only if the log group does not exist)",
            CallCondition.IfCustomerManagedKey => " (needed for the customer managed key)",
            _ => " (does not stop the task)",
        };
        var message = $"{requirement.Action} on {requirement.Resource} is denied{conditional}: {why}. {requirement.Message}".TrimEnd();
        return new AdvisorFinding(code, FindingCategory.Permission, level, message, requirement.JsonPath, RequirementId: requirement.Id);
    }
}
