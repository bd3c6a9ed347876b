using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Evaluation;

/// <summary><see cref="PolicySet.HoldsNoPolicy"/>: the authorizer skips building a request context only then.</summary>
public sealed class PolicySetTests
{
    private static readonly CompiledPolicy Any =
        PolicyCompiler.Compile("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyType.Identity, "p");

    [Fact]
    public void An_empty_set_holds_no_policy_and_any_policy_anywhere_counts()
    {
        Assert.True(new PolicySet().HoldsNoPolicy);
        Assert.True(new PolicySet { ResourcePolicyKind = ResourcePolicyKind.KeyPolicy }.HoldsNoPolicy);
        Assert.All(
            new[]
            {
                new PolicySet { Identity = [Any] },
                new PolicySet { ResourcePolicy = Any },
                new PolicySet { PermissionsBoundary = Any },
                new PolicySet { SessionPolicies = [] },
                new PolicySet { ServiceControlPolicies = [[Any]] },
                new PolicySet { ResourceControlPolicies = [[Any]] },
                new PolicySet { VpcEndpointPolicy = Any },
            },
            set => Assert.False(set.HoldsNoPolicy));
    }

    [Fact]
    public void With_no_policy_the_decision_does_not_depend_on_the_context()
    {
        var root = RequestPrincipal.Parse("arn:aws:iam::111122223333:root");
        var user = RequestPrincipal.Parse("arn:aws:iam::111122223333:user/u");
        var full = PrincipalContextKeys.AddTo(new RequestContext().Set("aws:SourceIp", "10.0.0.1"), root);
        foreach (var principal in new[] { root, user })
        {
            var withKeys = new AuthorizationRequest(principal, "iam:GetRole", "arn:aws:iam::111122223333:role/r", full);
            var without = new AuthorizationRequest(principal, "iam:GetRole", "arn:aws:iam::111122223333:role/r", RequestContext.Empty);
            Assert.Equal(Authorizer.Authorize(withKeys, new PolicySet()).IsAllowed, Authorizer.Authorize(without, new PolicySet()).IsAllowed);
            Assert.Equal(Authorizer.Explain(withKeys, new PolicySet()).Message, Authorizer.Explain(without, new PolicySet()).Message);
        }
    }
}
