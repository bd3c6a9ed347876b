using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>
/// <see cref="RequestContext.ReadBy"/> keeps only the keys a policy set reads: evaluating with it must decide and
/// explain exactly as with the whole context (the authorizer relies on it to skip building unread keys).
/// </summary>
public sealed class ContextFilterProperties
{
    public sealed record FilterCase(PolicySet Policies, AuthorizationRequest Request)
    {
        public override string ToString() => $"{PolicySetText.Describe(Request)}\n{PolicySetText.Describe(Policies)}";
    }

    private static Arbitrary<FilterCase> Cases =>
        (from set in PolicyGen.PolicySets
         from request in PolicyGen.Requests
         select new FilterCase(set, request)).ToArbitrary();

    private static AuthorizationRequest Filtered(FilterCase c)
    {
        var context = RequestContext.ReadBy(c.Policies);
        foreach (var (key, value) in c.Request.Context.Entries)
        {
            if (value.IsMultiValued)
            {
                context.SetMulti(key, value.Values);
            }
            else
            {
                context.Set(key, value.Single);
            }
        }

        return new AuthorizationRequest(c.Request.Principal, c.Request.Action, c.Request.Resource, context, c.Request.ResourceAccount);
    }

    [Property(MaxTest = 1000)]
    public Property The_filtered_context_gives_the_same_decision() =>
        Prop.ForAll(Cases, c => Authorizer.Authorize(Filtered(c), c.Policies) == Authorizer.Authorize(c.Request, c.Policies));

    [Property(MaxTest = 500)]
    public Property The_filtered_context_gives_the_same_explanation() =>
        Prop.ForAll(Cases, c =>
        {
            var whole = Authorizer.Explain(c.Request, c.Policies);
            var filtered = Authorizer.Explain(Filtered(c), c.Policies);
            return whole.Decision == filtered.Decision && whole.Message == filtered.Message &&
                   whole.MatchedStatements.SequenceEqual(filtered.MatchedStatements) &&
                   whole.DecidingStatements.SequenceEqual(filtered.DecidingStatements) &&
                   whole.MissingContextKeys.SequenceEqual(filtered.MissingContextKeys);
        });

    [Property(MaxTest = 300)]
    public Property The_filtered_context_keeps_exactly_the_keys_some_policy_reads() =>
        Prop.ForAll(Cases, c =>
            c.Request.Context.Entries.Where(e => c.Policies.Reads(e.Key)).Select(e => e.Key).Order(StringComparer.Ordinal)
                .SequenceEqual(Filtered(c).Context.Entries.Select(e => e.Key).Order(StringComparer.Ordinal)));
}
