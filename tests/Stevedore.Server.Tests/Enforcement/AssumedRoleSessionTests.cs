using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Enforcement;

/// <summary>Requests made with an assumed-role session's temporary credentials: who the denial names, and session policies.</summary>
public sealed class AssumedRoleSessionTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public void A_denial_names_the_session_arn_and_the_missing_identity_policy()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "session-bare", "--assume-role-policy-document", TrustAccount).Succeeded();
        var session = Assume("session-bare", "alice");

        var denied = stevedore.Aws(session, "iam", "get-role", "--role-name", "session-bare").FailedWith("AccessDenied");

        Assert.Contains("User: arn:aws:sts::000000000000:assumed-role/session-bare/alice is not authorized to perform: iam:GetRole " +
            "on resource: arn:aws:iam::000000000000:role/session-bare because no identity-based policy allows the iam:GetRole action",
            denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_policy_narrows_what_the_role_allows()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "session-narrowed", "--assume-role-policy-document", TrustAccount).Succeeded();
        stevedore.Aws("iam", "put-role-policy", "--role-name", "session-narrowed", "--policy-name", "read", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","iam:ListRoles"],"Resource":"*"}]}""").Succeeded();
        var wide = Assume("session-narrowed", "wide");
        var narrow = Assume("session-narrowed", "narrow",
            "--policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}""");

        stevedore.Aws(wide, "iam", "get-role", "--role-name", "session-narrowed").Succeeded();
        stevedore.Aws(narrow, "iam", "list-roles").Succeeded();
        var denied = stevedore.Aws(narrow, "iam", "get-role", "--role-name", "session-narrowed").FailedWith("AccessDenied");

        Assert.Contains("User: arn:aws:sts::000000000000:assumed-role/session-narrowed/narrow is not authorized to perform: iam:GetRole " +
            "on resource: arn:aws:iam::000000000000:role/session-narrowed because no session policy allows the iam:GetRole action",
            denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_session_policy_narrows_too()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "session-managed", "--assume-role-policy-document", TrustAccount).Succeeded();
        stevedore.Aws("iam", "put-role-policy", "--role-name", "session-managed", "--policy-name", "all", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}""").Succeeded();
        var session = Assume("session-managed", "readonly", "--policy-arns", "arn=arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess");

        stevedore.Aws(session, "iam", "list-roles").FailedWith("AccessDenied");
        stevedore.Aws(session, "sts", "get-caller-identity").Succeeded();
    }

    private Credentials Assume(string role, string sessionName, params string[] extra)
    {
        var assumed = stevedore.Aws(["sts", "assume-role", "--role-arn", $"arn:aws:iam::000000000000:role/{role}", "--role-session-name", sessionName, .. extra])
            .Succeeded().Json["Credentials"]!;
        return new Credentials(assumed["AccessKeyId"]!.GetValue<string>(), assumed["SecretAccessKey"]!.GetValue<string>(),
            assumed["SessionToken"]!.GetValue<string>());
    }
}
