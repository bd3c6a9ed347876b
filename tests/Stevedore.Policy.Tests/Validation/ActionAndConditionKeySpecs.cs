using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Actions and condition keys are <c>vendor:name</c>; trust policies name only the AssumeRole family.</summary>
public sealed class ActionAndConditionKeySpecs
{
    private static string WithAction(string key, string action) => Doc(Allow, $$"""{"Effect":"Allow","{{key}}":{{action}},"Resource":"*"}""");

    private static string WithConditionKey(string key) =>
        Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{""" + $"\"{key}\"" + """:"x"}}}""");

    [Theory]
    [InlineData("Action")]
    [InlineData("NotAction")]
    public void An_action_without_a_vendor_must_be_prefaced_by_one(string key) =>
        AssertError(Reject(WithAction(key, "\"GetObject\"")), PolicyMessages.VendorPrefix, $"Statement[1].{key}");

    [Fact]
    public void The_first_bad_action_of_an_array_is_reported_at_the_element_not_the_index() =>
        AssertError(Reject(WithAction("Action", """["s3:GetObject","GetObject"]""")), PolicyMessages.VendorPrefix, "Statement[1].Action");

    [Theory]
    [InlineData("s3:Get:Object")]
    [InlineData("s3::GetObject")]
    [InlineData("s3:GetObject:")]
    public void An_action_may_contain_only_one_colon(string action) =>
        AssertError(Reject(WithAction("Action", $"\"{action}\"")), PolicyMessages.OneColon, "Statement[1].Action");

    [Theory]
    [InlineData("s3_x:GetObject", "s3_x")]
    [InlineData("s 3:GetObject", "s 3")]
    [InlineData("s3/:GetObject", "s3/")]
    [InlineData(":GetObject", "")]
    public void An_action_vendor_with_characters_outside_the_vendor_alphabet_is_not_valid(string action, string vendor) =>
        AssertError(Reject(WithAction("Action", $"\"{action}\"")), PolicyMessages.VendorNotValid(vendor), "Statement[1].Action");

    [Theory]
    [InlineData("*")]
    [InlineData("s3:*")]
    [InlineData("S3:getobject")]
    [InlineData("s3:Get*")]
    [InlineData("s3:?etObject")]
    [InlineData("execute-api:Invoke")]
    [InlineData("*:*")]
    public void Actions_with_a_vendor_or_the_lone_star_are_accepted(string action) => Accept(WithAction("Action", $"\"{action}\""));

    [Fact]
    public void A_condition_key_without_a_vendor_must_be_prefaced_by_one() =>
        AssertError(Reject(WithConditionKey("SourceVpc")), PolicyMessages.VendorPrefix, "Statement[0].Condition.StringEquals.SourceVpc");

    // KMS encryption-context keys carry colons after the vendor; AWS's own managed policies use them
    // (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context).
    [Theory]
    [InlineData("kms:EncryptionContext:SecretARN")]
    [InlineData("kms:EncryptionContext:aws:logs:arn")]
    public void A_condition_key_may_hold_further_colons_after_its_vendor(string key) => Accept(WithConditionKey(key));

    [Fact]
    public void A_condition_key_vendor_outside_the_vendor_alphabet_is_not_valid() =>
        AssertError(Reject(WithConditionKey("a_ws:SourceVpc")), PolicyMessages.VendorNotValid("a_ws"), "Statement[0].Condition.StringEquals.a_ws:SourceVpc");

    [Theory]
    [InlineData("aws:SourceVpc")]
    [InlineData("AWS:sourcevpc")]
    [InlineData("aws:ResourceTag/team")]
    [InlineData("s3:prefix")]
    public void Condition_keys_with_a_vendor_are_accepted(string key) => Accept(WithConditionKey(key));

    [Fact]
    public void Resources_are_checked_before_actions_within_a_statement() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"GetObject","Resource":"bucket"}""")), PolicyMessages.ResourceNotArn("bucket"), "Statement[0].Resource");

    [Fact]
    public void Actions_are_checked_before_condition_keys_within_a_statement() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"GetObject","Resource":"*","Condition":{"StringEquals":{"SourceVpc":"x"}}}""")),
            PolicyMessages.VendorPrefix, "Statement[0].Action");

    private static string Trust(string action) =>
        Doc(TrustAllow, $$"""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":{{action}}}""");

    [Theory]
    [InlineData("\"s3:GetObject\"")]
    [InlineData("\"sts:GetCallerIdentity\"")]
    [InlineData("""["sts:AssumeRole","iam:PassRole"]""")]
    [InlineData("\"sts:Get*\"")]
    public void A_trust_policy_may_only_specify_sts_assume_role_actions(string action) =>
        AssertError(Reject(Trust(action), PolicyType.Trust), PolicyMessages.TrustActions, "Statement[1].Action");

    [Fact]
    public void The_trust_action_rule_is_reported_at_NotAction_when_the_statement_uses_it() =>
        AssertError(Reject(Doc("""{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject"}"""), PolicyType.Trust), PolicyMessages.TrustActions, "Statement[0].NotAction");

    [Theory]
    [InlineData("\"sts:AssumeRole\"")]
    [InlineData("\"sts:AssumeRoleWithSAML\"")]
    [InlineData("\"sts:AssumeRoleWithWebIdentity\"")]
    [InlineData("\"sts:TagSession\"")]
    [InlineData("\"sts:SetSourceIdentity\"")]
    [InlineData("""["sts:AssumeRole","sts:TagSession"]""")]
    [InlineData("\"STS:assumerole\"")]
    [InlineData("\"sts:*\"")]
    [InlineData("\"sts:AssumeRole*\"")]
    [InlineData("\"*\"")]
    public void The_assume_role_family_and_patterns_that_reach_it_are_accepted_in_trust_policies(string action) =>
        Accept(Trust(action), PolicyType.Trust);

    [Fact]
    public void Vendor_rules_are_reported_before_the_trust_action_rule() =>
        AssertError(Reject(Trust("\"AssumeRole\""), PolicyType.Trust), PolicyMessages.VendorPrefix, "Statement[1].Action");
}
