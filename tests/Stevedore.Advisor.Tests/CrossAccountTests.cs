using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor.Tests;

/// <summary>A cross-account ECR image: with the repository's policy known, the identity side and the repository policy
/// must both allow the pull (as the agent finds through the endpoint); unknown, the identity side decides (noted).</summary>
public sealed class CrossAccountTests
{
    private const string Repository = "arn:aws:ecr:us-east-1:444455556666:repository/shared";

    private static readonly string Definition = Samples.WebService.Replace("111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2",
        "444455556666.dkr.ecr.us-east-1.amazonaws.com/shared:1", StringComparison.Ordinal);

    private static Requirement Pull(AdvisorOptions options, string identity = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""") =>
        TaskAdvisor.Check(Samples.Plan(Definition), Samples.Role(Samples.Identity(identity)), options)
            .Requirements.Single(r => r.Action == "ecr:BatchGetImage" && r.Resource == Repository);

    private static AdvisorOptions With(string? policy) => new()
    {
        ResourcePolicies = new Dictionary<string, CompiledPolicy?>
        {
            [Repository] = policy is null ? null : PolicyCompiler.Compile(policy, PolicyType.Resource, "repository policy"),
        },
    };

    private const string AllowAccount = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}
        """;

    [Fact]
    public void Unknown_repository_policy_leaves_the_identity_side_to_decide()
    {
        var pull = Pull(AdvisorOptions.Default);
        Assert.Equal(Verdict.Allowed, pull.Verdict);
        Assert.Contains("cross-account", pull.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_without_a_policy_denies_the_other_accounts_pull()
    {
        var pull = Pull(With(null));
        Assert.Equal(Verdict.Denied, pull.Verdict);
        Assert.False(pull.MissingFromIdentity);
    }

    [Fact]
    public void A_repository_policy_for_the_account_and_the_roles_grant_allow_it()
    {
        Assert.Equal(Verdict.Allowed, Pull(With(AllowAccount)).Verdict);

        var denied = Pull(With(AllowAccount), """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}""");
        Assert.Equal(Verdict.Denied, denied.Verdict);
        Assert.True(denied.MissingFromIdentity);
    }
}
