using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>A Deny statement can only take permissions away, wherever it is added.</summary>
public sealed class DenyMonotonicityProperties
{
    /// <summary>Where the new Deny statement goes.</summary>
    public enum Target
    {
        NewIdentityPolicy,
        ExistingIdentityPolicy,
        Boundary,
        SessionPolicy,
        ResourcePolicy,
        ServiceControlPolicy,
        ResourceControlPolicy,
    }

    public sealed record DenyCase(PolicySet Before, Target Target, Statement Deny, AuthorizationRequest[] Requests)
    {
        public PolicySet After { get; } = AddDeny(Before, Target, Deny);

        public override string ToString() =>
            $"add {Target}: {Parsing.PolicyPrinter.ToJson(new PolicyDocument(PolicyDocument.Version2012, null, new([Deny]), false))}\n" +
            $"before:\n{PolicySetText.Describe(Before)}requests:\n  {string.Join("\n  ", Requests.Select(PolicySetText.Describe))}";
    }

    private static CompiledPolicy Append(CompiledPolicy policy, Statement deny) =>
        PolicyCompiler.Compile(policy.Document with { Statements = new([.. policy.Document.Statements, deny]) }, policy.Type, policy.Id);

    private static Statement ForIdentityGrammar(Statement deny) => deny with { Principal = null, IsNotPrincipal = false };

    private static PolicySet AddDeny(PolicySet set, Target target, Statement deny)
    {
        var identityDeny = ForIdentityGrammar(deny);
        switch (target)
        {
            case Target.ExistingIdentityPolicy when set.Identity.Count > 0:
                return PolicySetText.With(set, identity: [Append(set.Identity[0], identityDeny), .. set.Identity.Skip(1)]);
            case Target.Boundary when set.PermissionsBoundary is { } boundary:
                return PolicySetText.With(set, boundary: Append(boundary, identityDeny));
            case Target.SessionPolicy when set.SessionPolicies is { Count: > 0 } sessions:
                return PolicySetText.With(set, session: [.. sessions.Take(sessions.Count - 1), Append(sessions[^1], identityDeny)]);
            case Target.ResourcePolicy when set.ResourcePolicy is { } resource:
                return PolicySetText.With(set, resource: Append(resource, deny));
            case Target.ServiceControlPolicy when set.ServiceControlPolicies.Count > 0:
                return PolicySetText.With(set, scps: [[.. set.ServiceControlPolicies[0].Select(p => Append(p, identityDeny))]]);
            case Target.ResourceControlPolicy when set.ResourceControlPolicies.Count > 0:
                return PolicySetText.With(set, rcps: [[.. set.ResourceControlPolicies[0].Select(p => Append(p, deny))]]);
            default:
                var added = PolicyCompiler.Compile(new PolicyDocument(PolicyDocument.Version2012, null, new([identityDeny]), true), PolicyType.Identity, "added-deny");
                return PolicySetText.With(set, identity: [.. set.Identity, added]);
        }
    }

    private static Arbitrary<DenyCase> Cases =>
        (from set in PolicyGen.PolicySets
         from target in Gen.Elements(Enum.GetValues<Target>())
         from deny in PolicyGen.DenyStatements(namesPrincipals: true)
         from count in Gen.Choose(1, 8)
         from requests in Gen.ArrayOf(PolicyGen.Requests, count)
         select new DenyCase(set, target, deny, requests)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Adding_a_deny_never_turns_a_denied_request_into_an_allowed_one() =>
        Prop.ForAll(Cases, c => c.Requests.All(r =>
            Authorizer.Authorize(r, c.Before).IsAllowed || !Authorizer.Authorize(r, c.After).IsAllowed));

    [Property(MaxTest = 500)]
    public Property Adding_a_deny_keeps_an_explicit_deny_explicit() =>
        Prop.ForAll(Cases, c => c.Requests.All(r =>
            Authorizer.Authorize(r, c.Before).Kind != DecisionKind.ExplicitDeny ||
            Authorizer.Authorize(r, c.After).Kind == DecisionKind.ExplicitDeny));

    [Property(MaxTest = 300)]
    public Property Adding_a_deny_never_grows_the_set_of_allowed_requests() =>
        Prop.ForAll(Cases, c =>
        {
            var before = c.Requests.Where(r => Authorizer.Authorize(r, c.Before).IsAllowed).ToHashSet();
            var after = c.Requests.Where(r => Authorizer.Authorize(r, c.After).IsAllowed).ToHashSet();
            return after.IsSubsetOf(before);
        });

    [Property(MaxTest = 300)]
    public Property A_matching_unconditional_deny_for_everything_denies_every_aws_principal_explicitly() =>
        Prop.ForAll(Cases, c =>
        {
            var denyAll = new Statement(null, PolicyEffect.Deny, null, false, ValueList.Single("*"), false, ValueList.Single("*"), false, default);
            var after = AddDeny(c.Before, Target.NewIdentityPolicy, denyAll);
            return c.Requests.Where(r => r.Principal.IsAwsPrincipal).All(r => Authorizer.Authorize(r, after).Kind == DecisionKind.ExplicitDeny);
        });
}
