using Stevedore.Policy.Conditions;
using Stevedore.Policy.Document;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

/// <summary>One statement in its evaluation form: matchers built once, reused for every request.</summary>
public sealed class CompiledStatement
{
    internal CompiledStatement(int index, Statement source, bool variables, bool namesPrincipals)
    {
        Index = index;
        Source = source;
        IsDeny = source.Effect == PolicyEffect.Deny;
        Actions = new ActionMatcher(source.Action?.Values ?? EquatableArray<string>.Empty);
        Resources = source.Resource is null ? null : new ResourceMatcher(source.Resource.Values, variables);
        Principal = namesPrincipals && source.Principal is not null ? new PrincipalMatcher(source.Principal) : null;
        var conditions = new List<CompiledCondition>();
        foreach (var block in source.Conditions)
        {
            if (!ConditionOperator.TryParse(block.Operator, out var op, out _))
            {
                // Validation rejects unknown operators; a document compiled without validation fails closed.
                conditions.Add(new CompiledCondition(NeverOperator, block.Operator, [], variables));
                continue;
            }

            foreach (var key in block.Keys)
            {
                var texts = new string[key.Values.Count];
                for (var i = 0; i < texts.Length; i++)
                {
                    texts[i] = key.Values[i].Text;
                }

                conditions.Add(new CompiledCondition(op, key.Key, texts, variables));
            }
        }

        Conditions = [.. conditions];
    }

    private static ConditionOperator NeverOperator { get; } = new("Unknown", new BaseOperator("Unknown", OperatorFamily.String, Comparison.Equals, false, false), SetModifier.None, false);

    public int Index { get; }

    public Statement Source { get; }

    public string? Sid => Source.Sid;

    public bool IsDeny { get; }

    internal ActionMatcher Actions { get; }

    internal ResourceMatcher? Resources { get; }

    internal PrincipalMatcher? Principal { get; }

    public CompiledCondition[] Conditions { get; }

    /// <summary>Every request context key the statement can read: its condition keys and its policy variables.</summary>
    internal IEnumerable<string> ContextKeys =>
        Conditions.SelectMany(c => c.VariableKeys.Prepend(c.Key)).Concat(Resources?.VariableKeys ?? []);

    public bool MatchesAction(string action) => Actions.Matches(action) != Source.IsNotAction;

    public bool MatchesResource(string resource, RequestContext context) =>
        Resources is null || Resources.Matches(resource, context) != Source.IsNotResource;

    /// <summary>How the statement's Principal/NotPrincipal names the caller; <see cref="PrincipalMatch.Wildcard"/> without one.</summary>
    /// <param name="hasBoundary">Whether the caller has a permissions boundary (it defeats NotPrincipal in a Deny).</param>
    public PrincipalMatch MatchPrincipal(RequestPrincipal principal, bool hasBoundary = false)
    {
        if (Principal is null)
        {
            return PrincipalMatch.Wildcard;
        }

        if (!Source.IsNotPrincipal)
        {
            return Principal.Match(principal);
        }

        // A Deny with NotPrincipal always denies a principal that has a permissions boundary.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
        if (IsDeny && hasBoundary && principal.IsAwsPrincipal)
        {
            return PrincipalMatch.Wildcard;
        }

        // NotPrincipal applies to everyone it does not list: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
        return Principal.Lists(principal) ? PrincipalMatch.None : PrincipalMatch.Wildcard;
    }

    public bool ConditionsHold(RequestContext context)
    {
        var conditions = Conditions;
        for (var i = 0; i < conditions.Length; i++)
        {
            if (!conditions[i].Evaluate(context))
            {
                return false;
            }
        }

        return true;
    }
}
