using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>Explain is the slow path of Authorize: same decision, plus reasons that agree with it.</summary>
public sealed class ExplainAgreementProperties
{
    public sealed record ExplainCase(PolicySet Policies, AuthorizationRequest Request)
    {
        public override string ToString() => $"{PolicySetText.Describe(Request)}\n{PolicySetText.Describe(Policies)}";
    }

    private static Arbitrary<ExplainCase> Cases =>
        (from set in PolicyGen.PolicySets
         from request in PolicyGen.Requests
         select new ExplainCase(set, request)).ToArbitrary();

    [Property(MaxTest = 1000)]
    public Property Explain_gives_the_same_decision_as_Authorize() =>
        Prop.ForAll(Cases, c => Authorizer.Explain(c.Request, c.Policies).Decision == Authorizer.Authorize(c.Request, c.Policies));

    [Property(MaxTest = 500)]
    public Property Explain_has_an_access_denied_message_exactly_when_the_request_is_denied() =>
        Prop.ForAll(Cases, c =>
        {
            var explanation = Authorizer.Explain(c.Request, c.Policies);
            return explanation.Decision.IsAllowed == (explanation.Message is null) &&
                   (explanation.Message is null || explanation.Message.Contains(c.Request.Action, StringComparison.Ordinal));
        });

    [Property(MaxTest = 500)]
    public Property An_explicit_deny_is_explained_by_matched_deny_statements_of_the_deciding_policy_type() =>
        Prop.ForAll(Cases, c =>
        {
            var explanation = Authorizer.Explain(c.Request, c.Policies);
            if (explanation.Decision.Kind != DecisionKind.ExplicitDeny)
            {
                return explanation.Decision.Kind != DecisionKind.ImplicitDeny || explanation.DecidingStatements.Count == 0;
            }

            return explanation.DecidingStatements.Count > 0 &&
                   explanation.DecidingStatements.All(s => s.Effect == PolicyEffect.Deny && s.PolicyType == explanation.Decision.DecidedBy) &&
                   explanation.DecidingStatements.All(explanation.MatchedStatements.Contains);
        });

    [Property(MaxTest = 500)]
    public Property Explaining_twice_gives_the_same_decision_and_statements() =>
        Prop.ForAll(Cases, c =>
        {
            var first = Authorizer.Explain(c.Request, c.Policies);
            var second = Authorizer.Explain(c.Request, c.Policies);
            return first.Decision == second.Decision &&
                   first.MatchedStatements.SequenceEqual(second.MatchedStatements) &&
                   first.MissingContextKeys.SequenceEqual(second.MissingContextKeys);
        });
}
