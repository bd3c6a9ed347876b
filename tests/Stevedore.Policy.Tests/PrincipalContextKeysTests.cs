using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests;

public sealed class PrincipalContextKeysTests
{
    private static RequestContext For(string principal, RequestContext? context = null) =>
        PrincipalContextKeys.AddTo(context ?? new RequestContext(), RequestPrincipal.Parse(principal));

    [Fact]
    public void A_user_gets_arn_account_type_and_username()
    {
        var context = For("arn:aws:iam::123456789012:user/ops/alice");

        Assert.Equal("arn:aws:iam::123456789012:user/ops/alice", context.Get("aws:PrincipalArn")?.Single);
        Assert.Equal("123456789012", context.Get("aws:PrincipalAccount")?.Single);
        Assert.Equal("User", context.Get("aws:PrincipalType")?.Single);
        Assert.Equal("alice", context.Get("aws:username")?.Single);
        Assert.False(context.Contains("aws:userid"));
    }

    [Fact]
    public void A_role_session_has_the_role_arn_as_principal_arn_and_no_username()
    {
        var context = For("arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/task-1");

        Assert.Equal("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", context.Get("aws:PrincipalArn")?.Single);
        Assert.Equal("AssumedRole", context.Get("aws:PrincipalType")?.Single);
        Assert.False(context.Contains("aws:username"));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:root", "Account")]
    [InlineData("arn:aws:sts::123456789012:federated-user/bob", "FederatedUser")]
    [InlineData("anonymous", "Anonymous")]
    public void Principal_type_follows_the_kind_of_caller(string principal, string type) =>
        Assert.Equal(type, For(principal).Get("aws:PrincipalType")?.Single);

    [Fact]
    public void A_service_principal_has_its_service_name_but_no_arn_or_account()
    {
        var context = For("service:ecs-tasks.amazonaws.com");

        Assert.Equal("ecs-tasks.amazonaws.com", context.Get("aws:PrincipalServiceName")?.Single);
        Assert.Equal("true", context.Get("aws:PrincipalIsAWSService")?.Single);
        Assert.False(context.Contains("aws:PrincipalArn"));
        Assert.False(context.Contains("aws:PrincipalAccount"));
        Assert.False(context.Contains("aws:PrincipalType"));
    }

    [Fact]
    public void Values_already_in_the_context_win()
    {
        var context = For("arn:aws:iam::123456789012:user/alice", new RequestContext().Set("AWS:PRINCIPALTYPE", "AssumedRole"));

        Assert.Equal("AssumedRole", context.Get("aws:PrincipalType")?.Single);
        Assert.Equal("alice", context.Get("aws:username")?.Single);
    }
}
