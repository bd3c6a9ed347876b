using Stevedore.Policy.Catalog;

namespace Stevedore.Advisor;

/// <summary>
/// Allow statements in the role's own (customer) policies that grant more than a task execution role needs: wildcard
/// actions (<c>ecr:*</c>, <c>*</c>), <c>NotAction</c>, or secret-reading actions on every resource. The suggestion is
/// the least-privilege policy for the requirements that statement currently serves.
/// </summary>
internal static class OverBroadGrants
{
    /// <summary>Actions that read secret material: granting them on <c>*</c> exposes every secret in the account.</summary>
    private static readonly string[] SecretReaders =
    [
        "secretsmanager:GetSecretValue", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath", "kms:Decrypt", "s3:GetObject",
    ];

    public static IEnumerable<AdvisorFinding> Check(RoleUnderTest role, IReadOnlyList<Requirement> requirements, ActionCatalog catalog)
    {
        foreach (var policy in role.IdentityPolicies.Where(p => !ManagedPolicyCatalog.IsManagedPolicyArn(p.Id)))
        {
            foreach (var statement in policy.Statements.Where(s => !s.IsDeny))
            {
                var reasons = new List<string>();
                var source = statement.Source;
                if (source.IsNotAction)
                {
                    reasons.Add("NotAction in an Allow statement grants every other action");
                }
                else
                {
                    foreach (var action in source.Action?.Values ?? [])
                    {
                        if (action == "*")
                        {
                            reasons.Add("Action \"*\" grants every action of every service");
                        }
                        else if (action.Contains('*', StringComparison.Ordinal) || action.Contains('?', StringComparison.Ordinal))
                        {
                            var expanded = catalog.Expand(action).Count;
                            if (expanded > 1)
                            {
                                reasons.Add($"\"{action}\" grants {expanded} actions");
                            }
                        }
                    }
                }

                var allResources = !source.IsNotResource && (source.Resource?.Values.Contains("*") ?? false);
                if (allResources)
                {
                    var readers = SecretReaders.Where(statement.MatchesAction).ToList();
                    if (readers.Count > 0 && (source.Action?.Values.All(a => a != "*") ?? false) && !source.IsNotAction)
                    {
                        reasons.Add($"{string.Join(", ", readers)} on \"*\" can read every secret the account holds");
                    }
                }

                if (reasons.Count == 0)
                {
                    continue;
                }

                var served = requirements.Where(r => r.Verdict == Verdict.Allowed
                    && r.Statements.Any(s => s.PolicyId == policy.Id && s.StatementIndex == statement.Index)).ToList();
                var narrower = PolicyGenerator.Generate(served, catalog);
                var note = served.Count == 0 ? "; this task needs nothing from it" : "; the task needs only the statements suggested";
                yield return new AdvisorFinding(
                    "OverBroadGrant", FindingCategory.OverBroad, FindingLevel.Warning,
                    $"{policy.Id} Statement[{statement.Index}]{(statement.Sid is { } sid ? $" ({sid})" : "")}: {string.Join("; ", reasons)}{note}",
                    TrustPolicyLint.StatementPath(policy, statement.Index), policy.Id,
                    narrower.ToJsonString(AdvisorJson.Indented));
            }
        }
    }
}
