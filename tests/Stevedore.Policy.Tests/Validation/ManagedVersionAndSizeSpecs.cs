using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>What CreatePolicy, CreateRole and PutRolePolicy add on top of the grammar: version and size quotas.</summary>
public sealed class ManagedVersionAndSizeSpecs
{
    [Theory]
    [InlineData("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")]
    public void A_managed_policy_must_be_version_2012_10_17(string json)
    {
        var errors = ValidateManaged(json);
        AssertError(Assert.Single(errors), PolicyMessages.VersionTooOld, "Version");
    }

    [Fact]
    public void A_managed_policy_at_2012_10_17_passes_the_version_rule() => Assert.Empty(ValidateManaged(Doc(Allow)));

    [Fact]
    public void The_default_options_accept_the_legacy_version()
    {
        var errors = new List<PolicyError>();
        var document = PolicyParser.ParseShape($$"""{"Version":"2008-10-17","Statement":[{{Allow}}]}""", errors)!;
        PolicyValidator.Validate(document, PolicyType.Identity, errors, ValidationOptions.Default);
        Assert.Empty(errors);
        Assert.False(ValidationOptions.Default.RequireVersion2012);
        Assert.True(ValidationOptions.Managed.RequireVersion2012);
    }

    [Fact]
    public void An_unknown_operator_is_reported_before_the_managed_version_rule() =>
        AssertError(Assert.Single(ValidateManaged("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Nope":{"aws:x":"y"}}}]}""")),
            PolicyMessages.SyntaxErrors, "Statement[0].Condition.Nope");

    [Fact]
    public void The_managed_version_rule_is_reported_before_bad_condition_values() =>
        AssertError(Assert.Single(ValidateManaged("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateEquals":{"aws:CurrentTime":"x"}}}]}""")),
            PolicyMessages.VersionTooOld, "Version");

    /// <summary>A compact document of exactly <paramref name="counted"/> non-whitespace characters.</summary>
    private static string OfCountedLength(int counted)
    {
        var shell = Doc("""{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""");
        var padding = counted - shell.Length;
        Assert.True(padding >= 0);
        var json = shell.Replace("\"Sid\":\"\"", $"\"Sid\":\"{new string('a', padding)}\"", StringComparison.Ordinal);
        Assert.Equal(counted, PolicySizeLimits.CountedLength(json));
        Accept(json);
        return json;
    }

    /// <summary>The same document with whitespace between every token, so only its raw length grows.</summary>
    private static string Spread(string json, int indent)
    {
        var parsed = PolicyParser.Parse(json, PolicyType.Identity).Document!;
        var pretty = PolicyPrinter.ToJson(parsed, indented: true).Replace("\n", "\n" + new string(' ', indent), StringComparison.Ordinal);
        Assert.Equal(parsed, PolicyParser.Parse(pretty, PolicyType.Identity).Document);
        return pretty;
    }

    [Fact]
    public void The_documented_quotas_are_the_ones_enforced()
    {
        Assert.Equal(6144, PolicySizeLimits.ManagedPolicy);
        Assert.Equal(2048, PolicySizeLimits.TrustPolicy);
        Assert.Equal(10240, PolicySizeLimits.RoleInlineAggregate);
        Assert.Equal(2048, PolicySizeLimits.UserInlineAggregate);
        Assert.Equal(5120, PolicySizeLimits.GroupInlineAggregate);
    }

    [Fact]
    public void A_managed_policy_of_exactly_6144_counted_characters_fits() => Assert.Null(PolicySizeLimits.CheckManaged(OfCountedLength(6144)));

    [Fact]
    public void A_managed_policy_over_6144_counted_characters_exceeds_the_policy_size_quota() =>
        AssertError(PolicySizeLimits.CheckManaged(OfCountedLength(6145))!, "Cannot exceed quota for PolicySize: 6144", "", PolicyError.LimitExceeded);

    [Fact]
    public void A_managed_policy_over_the_limit_only_because_of_whitespace_fits()
    {
        var json = Spread(OfCountedLength(6144), 40);
        Assert.True(json.Length > 6144 + 400, $"raw length {json.Length}");
        Assert.Equal(6144, PolicySizeLimits.CountedLength(json));
        Assert.Null(PolicySizeLimits.CheckManaged(json));
    }

    [Fact]
    public void The_managed_quota_can_be_raised_per_account() =>
        Assert.Null(PolicySizeLimits.CheckManaged(OfCountedLength(6145), quota: 6145));

    [Fact]
    public void A_trust_policy_of_2048_counted_characters_fits_and_one_more_exceeds_acl_size_per_role()
    {
        Assert.Null(PolicySizeLimits.CheckTrust(OfCountedLength(2048)));
        AssertError(PolicySizeLimits.CheckTrust(OfCountedLength(2049))!, "Cannot exceed quota for ACLSizePerRole: 2048", "", PolicyError.LimitExceeded);
    }

    [Fact]
    public void A_trust_policy_over_the_limit_only_because_of_whitespace_fits()
    {
        var json = Spread(OfCountedLength(2048), 20);
        Assert.True(json.Length > 2048);
        Assert.Null(PolicySizeLimits.CheckTrust(json));
    }

    [Fact]
    public void A_raised_trust_quota_is_named_in_the_message() =>
        AssertError(PolicySizeLimits.CheckTrust(OfCountedLength(4097), quota: 4096)!, "Cannot exceed quota for ACLSizePerRole: 4096", "", PolicyError.LimitExceeded);

    [Fact]
    public void A_role_inline_aggregate_of_10240_counted_characters_fits() =>
        Assert.Null(PolicySizeLimits.CheckRoleInline([OfCountedLength(4000), OfCountedLength(6240)], "app-role"));

    [Fact]
    public void A_role_inline_aggregate_over_10240_names_the_role() =>
        AssertError(PolicySizeLimits.CheckRoleInline([OfCountedLength(4000), OfCountedLength(6241)], "app-role")!,
            "Maximum policy size of 10240 bytes exceeded for role app-role", "", PolicyError.LimitExceeded);

    [Fact]
    public void A_role_inline_aggregate_over_the_limit_only_because_of_whitespace_fits()
    {
        string[] policies = [Spread(OfCountedLength(5000), 30), Spread(OfCountedLength(5240), 30)];
        Assert.True(policies.Sum(p => p.Length) > 10240);
        Assert.Null(PolicySizeLimits.CheckRoleInline(policies, "app-role"));
    }

    [Fact]
    public void A_user_inline_aggregate_over_2048_names_the_user() =>
        AssertError(PolicySizeLimits.CheckUserInline([OfCountedLength(1000), OfCountedLength(1049)], "alice")!,
            "Maximum policy size of 2048 bytes exceeded for user alice", "", PolicyError.LimitExceeded);

    [Theory]
    [InlineData(" \t\r\n")]
    public void Whitespace_characters_are_not_counted(string whitespace) =>
        Assert.Equal(2, PolicySizeLimits.CountedLength($"{{{whitespace}}}"));
}
