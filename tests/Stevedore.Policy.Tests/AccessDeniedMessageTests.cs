using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests;

public sealed class AccessDeniedMessageTests
{
    private const string Session = "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/4f1c2d";
    private const string DenyPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ssm:GetParameters","Resource":"*"}]}""";

    [Fact]
    public void An_explicit_deny_in_a_managed_policy_names_its_arn()
    {
        // AWS appends the denying policy's ARN within an account (AWS Security Blog, "Enhanced access denied error messages with policy ARNs").
        var arn = "arn:aws:iam::111122223333:policy/InfrastructureAdminNoDelete";
        var explanation = Explain(PolicyCompiler.Compile(DenyPolicy, PolicyType.Identity, arn));

        Assert.Equal($"User: {Session} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:111122223333:parameter/db with an explicit deny in an identity-based policy: {arn}",
            explanation.Message);
    }

    [Fact]
    public void An_explicit_deny_in_an_inline_policy_names_no_policy()
    {
        var explanation = Explain(PolicyCompiler.Compile(DenyPolicy, PolicyType.Identity, "inline-deny"));

        Assert.EndsWith("with an explicit deny in an identity-based policy", explanation.Message);
    }

    [Fact]
    public void An_implicit_deny_names_the_action_twice()
    {
        var message = AccessDeniedMessage.Format(Session, "ecr:GetAuthorizationToken", "*", new Decision(DecisionKind.ImplicitDeny, PolicyType.Identity));

        Assert.Equal($"User: {Session} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action", message);
    }

    private static Explanation Explain(CompiledPolicy policy)
    {
        var principal = RequestPrincipal.Parse(Session);
        var request = new AuthorizationRequest(principal, "ssm:GetParameters", "arn:aws:ssm:us-east-1:111122223333:parameter/db",
            PrincipalContextKeys.AddTo(new RequestContext(), principal));
        return Authorizer.Explain(request, new PolicySet { Identity = [policy] });
    }
}
