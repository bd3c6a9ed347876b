using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Statement IDs: unique within a policy; letters and digits only in policies IAM stores.</summary>
public sealed class SidSpecs
{
    private static string WithSids(params string[] sids) =>
        Doc([.. sids.Select(sid => $$"""{"Sid":"{{sid}}","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}""")]);

    private static string Identity(params string[] sids) =>
        Doc([.. sids.Select(sid => $$"""{"Sid":"{{sid}}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""")]);

    [Theory]
    [InlineData(PolicyType.Identity)]
    [InlineData(PolicyType.PermissionsBoundary)]
    [InlineData(PolicyType.Session)]
    [InlineData(PolicyType.ServiceControl)]
    public void A_repeated_sid_in_an_identity_grammar_policy_must_be_unique(PolicyType type) =>
        AssertError(Reject(Identity("One", "Two", "One"), type), PolicyMessages.DuplicateSid, "Statement[2].Sid");

    [Fact]
    public void A_repeated_sid_in_a_resource_policy_must_be_unique() =>
        AssertError(Reject(WithSids("Read", "Read"), PolicyType.Resource), PolicyMessages.DuplicateSid, "Statement[1].Sid");

    [Fact]
    public void Sids_are_compared_case_sensitively() => Accept(Identity("Read", "READ", "read"));

    [Fact]
    public void Statements_without_a_sid_never_collide() => Accept(Doc(Allow, Allow, Allow));

    [Theory]
    [InlineData("Allow read")]
    [InlineData("allow-read")]
    [InlineData("allow_read")]
    [InlineData("Read.All")]
    [InlineData("Läsa")]
    public void A_sid_in_an_identity_policy_must_be_alphanumeric(string sid) =>
        AssertError(Reject(Identity("Ok1", sid)), PolicyMessages.SidCharacters, "Statement[1].Sid");

    [Theory]
    [InlineData(PolicyType.PermissionsBoundary)]
    [InlineData(PolicyType.Trust)]
    public void Boundaries_and_trust_policies_are_stored_by_iam_and_take_alphanumeric_sids_only(PolicyType type)
    {
        var json = type == PolicyType.Trust
            ? Doc("""{"Sid":"Trust ECS","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}""")
            : Identity("Boundary-1");
        AssertError(Reject(json, type), PolicyMessages.SidCharacters, "Statement[0].Sid");
    }

    [Theory]
    [InlineData(PolicyType.Resource)]
    [InlineData(PolicyType.VpcEndpoint)]
    public void Resource_policies_follow_their_service_and_allow_other_characters_in_a_sid(PolicyType type) =>
        Accept(Doc("""{"Sid":"Allow public read-only_access 1.0","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"""), type);

    [Theory]
    [InlineData("")]
    [InlineData("AllowRead2024")]
    [InlineData("0")]
    public void Empty_and_alphanumeric_sids_are_accepted(string sid) => Accept(Identity(sid));

    [Fact]
    public void A_duplicate_is_reported_before_a_bad_character_that_comes_later() =>
        AssertError(Reject(Identity("A", "A", "b c")), PolicyMessages.DuplicateSid, "Statement[1].Sid");

    [Fact]
    public void A_bad_character_is_reported_before_a_duplicate_that_comes_later() =>
        AssertError(Reject(Identity("a b", "A", "A")), PolicyMessages.SidCharacters, "Statement[0].Sid");

    [Fact]
    public void Sid_rules_are_reported_before_missing_actions_and_resources() =>
        AssertError(Reject(Doc("""{"Effect":"Allow"}""", """{"Sid":"x y","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""")),
            PolicyMessages.SidCharacters, "Statement[1].Sid");

    [Fact]
    public void The_sid_character_message_names_the_pattern() =>
        Assert.EndsWith("[0-9A-Za-z]*", PolicyMessages.SidCharacters, StringComparison.Ordinal);
}
