using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>
/// Checks a trust policy for what ECS needs: <c>ecs-tasks.amazonaws.com</c> as principal, <c>sts:AssumeRole</c>, and
/// the confused-deputy conditions AWS recommends (<c>StringEquals aws:SourceAccount</c>, <c>ArnLike aws:SourceArn
/// arn:aws:ecs:REGION:ACCOUNT:*</c>).
/// </summary>
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (confused deputy prevention)
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html (trust relationship)
internal static class TrustPolicyLint
{
    private const string SourceAccount = "aws:SourceAccount";
    private const string SourceArn = "aws:SourceArn";

    public static IEnumerable<AdvisorFinding> Check(CompiledPolicy trust, TaskLaunchPlan plan, Requirement? assumption)
    {
        var ecsStatements = new List<CompiledStatement>();
        var otherServices = new List<string>();
        foreach (var statement in trust.Statements.Where(s => !s.IsDeny))
        {
            var services = ServicesOf(statement.Source);
            if (statement.Source.Principal?.IsWildcard == true || services.Contains(RoleAssumption.ServicePrincipal, StringComparer.Ordinal))
            {
                ecsStatements.Add(statement);
            }
            else
            {
                otherServices.AddRange(services);
            }
        }

        var account = plan.Context.Account;
        var region = plan.Context.Region;
        var partition = plan.Context.Partition;
        if (ecsStatements.Count == 0)
        {
            var others = otherServices.Distinct().ToList();
            yield return new AdvisorFinding(
                "TrustWrongPrincipal", FindingCategory.Trust, FindingLevel.Error,
                others.Count > 0
                    ? $"the trust policy allows {string.Join(", ", others)} but not {RoleAssumption.ServicePrincipal}: ECS cannot assume the role for the task"
                    : $"no statement allows the service principal {RoleAssumption.ServicePrincipal}: ECS cannot assume the role for the task",
                "$.Statement", trust.Id, Recommended(account, region, partition), assumption?.Id);
            yield break;
        }

        if (!ecsStatements.Any(s => s.MatchesAction(RoleAssumption.Action)))
        {
            var at = ecsStatements[0];
            yield return new AdvisorFinding(
                "TrustMissingAssumeRole", FindingCategory.Trust, FindingLevel.Error,
                $"the statement trusting {RoleAssumption.ServicePrincipal} does not allow sts:AssumeRole",
                StatementPath(trust, at.Index) + "." + at.Source.ActionKey, trust.Id, Recommended(account, region, partition), assumption?.Id);
        }

        foreach (var statement in ecsStatements.Where(s => s.MatchesAction(RoleAssumption.Action)))
        {
            var path = StatementPath(trust, statement.Index);
            var keys = statement.Source.Conditions.SelectMany(b => b.Keys.Select(k => (b.Operator, Key: k))).ToList();
            var hasAccount = keys.Any(k => k.Key.Key.Equals(SourceAccount, StringComparison.OrdinalIgnoreCase));
            var hasArn = keys.Any(k => k.Key.Key.Equals(SourceArn, StringComparison.OrdinalIgnoreCase));
            if (!hasAccount && !hasArn)
            {
                yield return new AdvisorFinding(
                    "TrustNoConfusedDeputyCondition", FindingCategory.Trust, FindingLevel.Warning,
                    $"no aws:SourceAccount or aws:SourceArn condition: any account's ECS tasks could be given this role (confused deputy); add StringEquals aws:SourceAccount = {account} and ArnLike aws:SourceArn = arn:{partition}:ecs:{region}:{account}:*",
                    path, trust.Id, Recommended(account, region, partition), assumption?.Id);
            }
            else if (!hasArn || !hasAccount)
            {
                yield return new AdvisorFinding(
                    "TrustPartialConfusedDeputyCondition", FindingCategory.Trust, FindingLevel.Note,
                    hasArn
                        ? $"aws:SourceArn is checked but not aws:SourceAccount; AWS recommends both (StringEquals aws:SourceAccount = {account})"
                        : $"aws:SourceAccount is checked but not aws:SourceArn; AWS recommends both (ArnLike aws:SourceArn = arn:{partition}:ecs:{region}:{account}:*)",
                    path + ".Condition", trust.Id, Recommended(account, region, partition), assumption?.Id);
            }

            foreach (var (op, key) in keys.Where(k => k.Key.Key.Equals(SourceArn, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var value in key.Values.Select(v => v.Text))
                {
                    if (value.Contains(":cluster/", StringComparison.Ordinal) || value.Contains(":service/", StringComparison.Ordinal))
                    {
                        yield return new AdvisorFinding(
                            "TrustSourceArnScopedToCluster", FindingCategory.Trust, FindingLevel.Warning,
                            $"aws:SourceArn {value} names a cluster or service; ECS sends the task's ARN and scoping to a cluster is not supported (use arn:{partition}:ecs:{region}:{account}:*)",
                            path + ".Condition", trust.Id, Recommended(account, region, partition), assumption?.Id);
                    }
                    else if (!value.Contains('*', StringComparison.Ordinal) && !value.Contains('?', StringComparison.Ordinal))
                    {
                        yield return new AdvisorFinding(
                            "TrustSourceArnExact", FindingCategory.Trust, FindingLevel.Warning,
                            $"{op} aws:SourceArn {value} has no wildcard: every task has its own ARN (use ArnLike arn:{partition}:ecs:{region}:{account}:*)",
                            path + ".Condition", trust.Id, Recommended(account, region, partition), assumption?.Id);
                    }
                }
            }
        }

        if (assumption is { Verdict: Verdict.Denied } denied)
        {
            var failed = denied.FailedConditions.Where(f => f.Key.StartsWith("aws:Source", StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var failure in failed)
            {
                yield return new AdvisorFinding(
                    "TrustConditionMismatch", FindingCategory.Trust, FindingLevel.Error,
                    $"{failure.Operator} {failure.Key} {string.Join(", ", failure.PolicyValues)} does not hold for this task ({failure.Key} = {string.Join(", ", failure.RequestValues ?? [])}): {failure.Reason}",
                    StatementPath(trust, failure.Statement.StatementIndex) + ".Condition", trust.Id, Recommended(account, region, partition), denied.Id);
            }
        }
    }

    /// <summary>The trust policy AWS documents for an execution role, with the confused-deputy conditions.</summary>
    public static string Recommended(string account, string region, string partition) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = RoleAssumption.ServicePrincipal },
            ["Action"] = RoleAssumption.Action,
            ["Condition"] = new JsonObject
            {
                ["ArnLike"] = new JsonObject { [SourceArn] = $"arn:{partition}:ecs:{region}:{account}:*" },
                ["StringEquals"] = new JsonObject { [SourceAccount] = account },
            },
        }),
    }.ToJsonString(AdvisorJson.Indented);

    internal static string StatementPath(CompiledPolicy policy, int index) =>
        policy.Document.StatementIsArray ? $"$.Statement[{index}]" : "$.Statement";

    private static List<string> ServicesOf(Statement statement)
    {
        if (statement.Principal is not { } principal || statement.IsNotPrincipal)
        {
            return [];
        }

        return [.. principal.Entries.Where(e => e.Type == "Service").SelectMany(e => e.Values.Values)];
    }
}
