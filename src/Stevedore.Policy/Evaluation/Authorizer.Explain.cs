using Stevedore.Policy.Conditions;
using Stevedore.Policy.Document;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

public static partial class Authorizer
{
    /// <summary>The decision with its explanation. Slower than <see cref="Authorize"/>; the decision is the same.</summary>
    public static Explanation Explain(AuthorizationRequest request, PolicySet policies)
    {
        var decision = Authorize(request, policies);
        var matched = new List<StatementRef>();
        var failures = new List<ConditionFailure>();
        var missing = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (policy, role) in AllPolicies(request, policies))
        {
            Trace(request, policies, policy, role, matched, failures, missing);
        }

        var deciding = new List<StatementRef>();
        if (decision.Kind != DecisionKind.ImplicitDeny)
        {
            var effect = decision.Kind == DecisionKind.ExplicitDeny ? PolicyEffect.Deny : PolicyEffect.Allow;
            deciding.AddRange(matched.Where(s => s.Effect == effect && s.PolicyType == decision.DecidedBy));
        }

        // Within one account, an explicit deny names the denying policy when it has an ARN (a managed policy).
        var denyingPolicyArn = decision.Kind == DecisionKind.ExplicitDeny && !request.IsCrossAccount &&
            deciding.Count > 0 && deciding[0].PolicyId.StartsWith("arn:", StringComparison.Ordinal)
                ? deciding[0].PolicyId
                : null;
        var message = decision.IsAllowed
            ? null
            : AccessDeniedMessage.Format(request.Principal.Arn, request.Action, request.Resource, decision, denyingPolicyArn);
        return new Explanation(decision, message, deciding, matched, failures, [.. missing]);
    }

    private static IEnumerable<(CompiledPolicy Policy, PolicyType Role)> AllPolicies(AuthorizationRequest request, PolicySet policies)
    {
        foreach (var level in policies.ServiceControlPolicies)
        {
            foreach (var policy in level)
            {
                yield return (policy, PolicyType.ServiceControl);
            }
        }

        foreach (var level in policies.ResourceControlPolicies)
        {
            foreach (var policy in level)
            {
                yield return (policy, PolicyType.ResourceControl);
            }
        }

        if (policies.VpcEndpointPolicy is { } vpce)
        {
            yield return (vpce, PolicyType.VpcEndpoint);
        }

        if (policies.ResourcePolicy is { } resource)
        {
            yield return (resource, policies.ResourcePolicyKind == ResourcePolicyKind.Trust ? PolicyType.Trust : PolicyType.Resource);
        }

        if (!request.Principal.IsAwsPrincipal)
        {
            yield break;
        }

        foreach (var policy in policies.Identity)
        {
            yield return (policy, PolicyType.Identity);
        }

        if (policies.PermissionsBoundary is { } boundary)
        {
            yield return (boundary, PolicyType.PermissionsBoundary);
        }

        foreach (var policy in policies.SessionPolicies ?? [])
        {
            yield return (policy, PolicyType.Session);
        }
    }

    private static void Trace(AuthorizationRequest request, PolicySet policies, CompiledPolicy policy, PolicyType role,
        List<StatementRef> matched, List<ConditionFailure> failures, SortedSet<string> missing)
    {
        foreach (var statement in policy.Statements)
        {
            if (statement.Resources is not null)
            {
                foreach (var key in statement.Resources.VariableKeys)
                {
                    if (request.Context.ResolveVariable(key) is null)
                    {
                        missing.Add(key);
                    }
                }
            }

            if (!statement.MatchesAction(request.Action) ||
                !statement.MatchesResource(request.Resource, request.Context) ||
                statement.MatchPrincipal(request.Principal, policies.PermissionsBoundary is not null) == PrincipalMatch.None)
            {
                continue;
            }

            var at = new StatementRef(policy.Id, role, statement.Index, statement.Sid, statement.Source.Effect);
            var holds = true;
            foreach (var condition in statement.Conditions)
            {
                var value = request.Context.Get(condition.Key);
                if (value is null && condition.Operator.Base.Family != OperatorFamily.Null)
                {
                    missing.Add(condition.Key);
                }

                if (condition.Evaluate(request.Context))
                {
                    continue;
                }

                holds = false;
                failures.Add(new ConditionFailure(at, condition.Operator.Text, condition.Key, condition.PolicyValues,
                    value?.Values, Describe(condition, value)));
            }

            if (holds)
            {
                matched.Add(at);
            }
        }
    }

    private static string Describe(CompiledCondition condition, ContextValue? value)
    {
        var expected = string.Join(", ", condition.PolicyValues.Select(v => $"\"{v}\""));
        if (value is null)
        {
            return $"{condition.Key} is not in the request context, so {condition.Operator.Text} does not hold";
        }

        if (value.IsMultiValued && condition.Operator.Set == SetModifier.None)
        {
            return $"{condition.Key} is multi-valued; a plain {condition.Operator.Text} never matches it (use ForAnyValue: or ForAllValues:)";
        }

        var actual = string.Join(", ", value.Values.Select(v => $"\"{v}\""));
        return $"{condition.Key} is [{actual}], which does not satisfy {condition.Operator.Text} [{expected}]";
    }
}
