using System.Text.Json.Nodes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Iam.Simulation;

/// <summary>One policy taking part in a simulation, with the names the simulator reports it by.</summary>
/// <param name="SourcePolicyId">The policy's name (<c>PolicyInputList.1</c>, an inline or managed policy name).</param>
/// <param name="SourcePolicyType">What MatchedStatements says the policy is (<c>IAM Policy</c> for identity policies).</param>
/// <param name="Text">The document text, for the statements' positions.</param>
public sealed record SimulatedPolicy(CompiledPolicy Policy, string SourcePolicyId, string SourcePolicyType, string Text);

/// <summary>Runs IAM's policy simulator over the same engine as enforcement.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html
public sealed class PolicySimulator
{
    public required RequestPrincipal Principal { get; init; }

    public required IReadOnlyList<SimulatedPolicy> Identity { get; init; }

    public SimulatedPolicy? Boundary { get; init; }

    public SimulatedPolicy? ResourcePolicy { get; init; }

    public string? ResourceOwner { get; init; }

    public required RequestContext Context { get; init; }

    /// <summary>Whether ResourceArns was given: each result then carries ResourceSpecificResults.</summary>
    public bool ResourcesGiven { get; init; }

    /// <summary>One result per action and resource, actions outermost, as IAM orders them.</summary>
    public IEnumerable<JsonObject> Run(IReadOnlyList<string> actions, IReadOnlyList<string> resources)
    {
        var byId = Identity.Concat(Boundary is null ? [] : [Boundary]).Concat(ResourcePolicy is null ? [] : [ResourcePolicy])
            .ToDictionary(p => p.Policy.Id, StringComparer.Ordinal);
        var set = new PolicySet
        {
            Identity = [.. Identity.Select(p => p.Policy)],
            PermissionsBoundary = Boundary?.Policy,
            ResourcePolicy = ResourcePolicy?.Policy,
        };

        foreach (var action in actions)
        {
            foreach (var resource in resources)
            {
                var request = new AuthorizationRequest(Principal, action, resource, Context, ResourceOwner);
                var explanation = Authorizer.Explain(request, set);
                var decision = Wire(explanation.Decision.Kind);
                var matched = Matched(explanation, byId);
                var missing = new JsonArray([.. explanation.MissingContextKeys.Select(k => (JsonNode)k)]);
                var details = DecisionDetails(request, set);
                var result = new JsonObject
                {
                    ["EvalActionName"] = action,
                    ["EvalResourceName"] = resource,
                    ["EvalDecision"] = decision,
                    ["MatchedStatements"] = matched,
                    ["MissingContextValues"] = missing,
                    ["EvalDecisionDetails"] = details,
                };
                if (Boundary is not null)
                {
                    result["PermissionsBoundaryDecisionDetail"] = BoundaryDetail(request);
                }

                if (ResourcesGiven)
                {
                    var specific = new JsonObject
                    {
                        ["EvalResourceName"] = resource,
                        ["EvalResourceDecision"] = decision,
                        ["MatchedStatements"] = matched.DeepClone(),
                        ["MissingContextValues"] = missing.DeepClone(),
                        ["EvalDecisionDetails"] = details.DeepClone(),
                    };
                    if (Boundary is not null)
                    {
                        specific["PermissionsBoundaryDecisionDetail"] = BoundaryDetail(request);
                    }

                    result["ResourceSpecificResults"] = new JsonArray(specific);
                }

                yield return result;
            }
        }
    }

    private static string Wire(DecisionKind kind) => kind switch
    {
        DecisionKind.Allowed => "allowed",
        DecisionKind.ExplicitDeny => "explicitDeny",
        _ => "implicitDeny",
    };

    /// <summary>
    /// The statements that decided: for an explicit deny only the deny statements, for an allow the allow
    /// statements of the identity and resource policies, none for an implicit deny.
    /// </summary>
    private static JsonArray Matched(Explanation explanation, Dictionary<string, SimulatedPolicy> byId)
    {
        IEnumerable<StatementRef> statements = explanation.Decision.Kind switch
        {
            DecisionKind.ExplicitDeny => explanation.MatchedStatements.Where(s => s.Effect == PolicyEffect.Deny),
            DecisionKind.Allowed => explanation.MatchedStatements.Where(s =>
                s.Effect == PolicyEffect.Allow && s.PolicyType is PolicyType.Identity or PolicyType.Resource),
            _ => [],
        };

        var array = new JsonArray();
        foreach (var statement in statements)
        {
            if (!byId.TryGetValue(statement.PolicyId, out var source))
            {
                continue;
            }

            var entry = new JsonObject
            {
                ["SourcePolicyId"] = source.SourcePolicyId,
                ["SourcePolicyType"] = source.SourcePolicyType,
            };
            var positions = StatementPositions.Find(source.Text);
            if (statement.StatementIndex < positions.Count)
            {
                var (start, end) = positions[statement.StatementIndex];
                entry["StartPosition"] = new JsonObject { ["Line"] = start.Line, ["Column"] = start.Column };
                entry["EndPosition"] = new JsonObject { ["Line"] = end.Line, ["Column"] = end.Column };
            }

            array.Add((JsonNode)entry);
        }

        return array;
    }

    /// <summary>With a resource policy, the decision of each side alone; empty otherwise.</summary>
    private JsonObject DecisionDetails(AuthorizationRequest request, PolicySet set)
    {
        var details = new JsonObject();
        if (ResourcePolicy is null)
        {
            return details;
        }

        var identityOnly = Authorizer.Authorize(request, new PolicySet { Identity = set.Identity, PermissionsBoundary = set.PermissionsBoundary });
        var resource = ResourcePolicy.Policy.Evaluate(request, Boundary is not null);
        details["IAM Policy"] = Wire(identityOnly.Kind);
        details["Resource Policy"] = resource.ExplicitDeny ? "explicitDeny" : resource.Allowed ? "allowed" : "implicitDeny";
        return details;
    }

    private JsonObject BoundaryDetail(AuthorizationRequest request)
    {
        var outcome = Boundary!.Policy.Evaluate(request);
        return new JsonObject { ["AllowedByPermissionsBoundary"] = outcome.Allowed && !outcome.ExplicitDeny };
    }
}
