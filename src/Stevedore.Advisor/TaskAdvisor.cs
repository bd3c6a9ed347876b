using System.Text.Json.Nodes;
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
        var missing = PolicyGenerator.Generate(requirements.Where(r => Fixable(r) && !ByInstanceRole(r)), catalog);
        if (options.InstanceRole is null)
        {
            return new TaskReport(plan, requirements, findings, missing);
        }

        var instanceMissing = PolicyGenerator.Generate(requirements.Where(r => Fixable(r) && ByInstanceRole(r)), catalog);
        var instanceRoleArn = plan.Context.InstanceRoleArn
            ?? $"arn:{plan.Context.Partition}:iam::{plan.Context.Account}:role/{AdvisorOptions.DefaultInstanceRoleName}";
        findings.AddRange(AwslogsInstanceRoleLacksLogs(requirements, instanceRoleArn, instanceMissing));
        return new TaskReport(plan, requirements, findings, missing) { InstanceRoleArn = instanceRoleArn, InstanceRoleMissingPolicy = instanceMissing };
    }

    /// <summary>Denied implicitly with no identity policy allowing it: an identity statement is part of the fix.</summary>
    private static bool Fixable(Requirement r) => r.Verdict == Verdict.Denied && r.Kind != RequirementKind.RoleAssumption && r.MissingFromIdentity;

    private static bool ByInstanceRole(Requirement r) => r.CallPrincipal == CallPrincipal.InstanceRole;

    /// <summary>
    /// The launch-type pitfall: awslogs on EC2/External without <c>ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true</c> runs
    /// with the container instance role, and that role lacks logs permissions (one finding per task, listing the actions).
    /// </summary>
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html (the instance role needs
    // logs:CreateLogStream and logs:PutLogEvents unless the execution role is used).
    private static IEnumerable<AdvisorFinding> AwslogsInstanceRoleLacksLogs(IReadOnlyList<Requirement> requirements, string instanceRoleArn, JsonObject instanceMissing)
    {
        var denied = requirements.Where(r => ByInstanceRole(r) && r.Feature == Feature.Awslogs && r.Verdict == Verdict.Denied).ToList();
        if (denied.Count == 0)
        {
            yield break;
        }

        var actions = string.Join(", ", denied.Select(r => r.Action).Distinct().Order(StringComparer.Ordinal));
        var first = denied.FirstOrDefault(r => r.BlocksStart) ?? denied[0];
        var blocks = denied.Any(r => r.BlocksStart);
        var logs = instanceMissing["Statement"]!.AsArray().Count > 0 ? instanceMissing.ToJsonString(AdvisorJson.Indented) : null;
        yield return new AdvisorFinding(AwslogsInstanceRoleLacksLogsCode, FindingCategory.LaunchPlan, blocks ? FindingLevel.Error : FindingLevel.Warning,
            $"awslogs without ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true uses the container instance role {instanceRoleArn}, "
            + $"which is denied {actions}{(blocks ? ": the container cannot start" : "")}. Grant them to the instance role, or set "
            + "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true in /etc/ecs/ecs.config so the execution role writes the logs",
            first.JsonPath, Suggestion: logs, RequirementId: first.Id);
    }

    /// <summary>The pitfall's finding code.</summary>
    public const string AwslogsInstanceRoleLacksLogsCode = "AwslogsInstanceRoleLacksLogs";

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
        var who = ByInstanceRole(requirement) ? " for the container instance role" : "";
        var level = requirement.BlocksStart ? FindingLevel.Error : FindingLevel.Warning;
        var conditional = requirement.BlocksStart ? "" : requirement.Condition switch
        {
            CallCondition.IfLogGroupMissing => " (needed only if the log group does not exist)",
            CallCondition.IfCustomerManagedKey => " (needed for the customer managed key)",
            _ => " (does not stop the task)",
        };
        var message = $"{requirement.Action} on {requirement.Resource} is denied{who}{conditional}: {why}. {requirement.Message}".TrimEnd();
        return new AdvisorFinding(code, FindingCategory.Permission, level, message, requirement.JsonPath, RequirementId: requirement.Id);
    }
}
