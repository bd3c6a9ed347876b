using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>The keys of a statement: which exist, which exclude each other, which are required.</summary>
public sealed class StatementGrammarSpecs
{
    [Theory]
    [InlineData("Actions")]
    [InlineData("effect")]
    [InlineData("Resources")]
    [InlineData("Conditions")]
    [InlineData("Id")]
    public void An_unknown_statement_key_is_a_syntax_error_at_that_key(string key) =>
        AssertError(Reject(Doc(Allow, Allow, $$"""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","{{key}}":"x"}""")),
            PolicyMessages.SyntaxErrors, $"Statement[2].{key}");

    [Fact]
    public void A_missing_effect_is_a_syntax_error_at_Effect() =>
        AssertError(Reject(Doc(Allow, """{"Action":"s3:GetObject","Resource":"*"}""")), PolicyMessages.SyntaxErrors, "Statement[1].Effect");

    [Theory]
    [InlineData("Permit")]
    [InlineData("Allowed")]
    [InlineData("")]
    [InlineData(" Allow")]
    public void An_effect_that_is_not_Allow_or_Deny_is_a_syntax_error_at_Effect(string effect) =>
        AssertError(Reject(Doc($$"""{"Effect":"{{effect}}","Action":"s3:GetObject","Resource":"*"}""")), PolicyMessages.SyntaxErrors, "Statement[0].Effect");

    [Theory]
    [InlineData("allow")]
    [InlineData("ALLOW")]
    [InlineData("deny")]
    [InlineData("DeNy")]
    public void An_effect_with_the_right_word_in_the_wrong_case_fails_legacy_parsing(string effect) =>
        AssertError(Reject(Doc($$"""{"Effect":"{{effect}}","Action":"s3:GetObject","Resource":"*"}""")), PolicyMessages.LegacyParsing, "Statement[0].Effect");

    [Fact]
    public void An_effect_that_is_not_a_string_is_a_syntax_error_at_Effect() =>
        AssertError(Reject(Doc("""{"Effect":true,"Action":"s3:GetObject","Resource":"*"}""")), PolicyMessages.SyntaxErrors, "Statement[0].Effect");

    [Theory]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}""", "Statement[0].NotAction")]
    [InlineData("""{"Effect":"Allow","NotAction":"s3:PutObject","Action":"s3:GetObject","Resource":"*"}""", "Statement[0].Action")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","NotResource":"arn:aws:s3:::b"}""", "Statement[0].NotResource")]
    public void Action_and_NotAction_or_Resource_and_NotResource_together_are_a_syntax_error_at_the_second(string statement, string path) =>
        AssertError(Reject(Doc(statement)), PolicyMessages.SyntaxErrors, path);

    [Fact]
    public void Principal_and_NotPrincipal_together_are_a_syntax_error_at_the_second() =>
        AssertError(Reject(Doc("""{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}"""), PolicyType.Resource),
            PolicyMessages.SyntaxErrors, "Statement[0].NotPrincipal");

    [Theory]
    [InlineData("""{"Effect":"Allow","Resource":"*"}""")]
    [InlineData("""{"Effect":"Allow","Action":[],"Resource":"*"}""")]
    [InlineData("""{"Effect":"Allow","NotAction":[],"Resource":"*"}""")]
    public void A_statement_without_actions_must_contain_actions(string statement) =>
        AssertError(Reject(Doc(Allow, statement)), PolicyMessages.MissingActions, "Statement[1]");

    [Theory]
    [InlineData(PolicyType.Resource)]
    [InlineData(PolicyType.Trust)]
    public void Policies_that_name_principals_also_need_actions(PolicyType type) =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*"}"""), type), PolicyMessages.MissingActions, "Statement[0]");

    [Theory]
    [InlineData(PolicyType.Identity)]
    [InlineData(PolicyType.PermissionsBoundary)]
    [InlineData(PolicyType.Session)]
    [InlineData(PolicyType.ServiceControl)]
    public void Identity_grammar_statements_must_contain_resources(PolicyType type) =>
        AssertError(Reject(Doc(Allow, """{"Effect":"Allow","Action":"s3:GetObject"}"""), type), PolicyMessages.MissingResources, "Statement[1]");

    [Theory]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":[]}""")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","NotResource":[]}""")]
    public void An_empty_resource_list_must_contain_resources(string statement) =>
        AssertError(Reject(Doc(statement)), PolicyMessages.MissingResources, "Statement[0]");

    [Theory]
    [InlineData(PolicyType.Resource)]
    [InlineData(PolicyType.VpcEndpoint)]
    [InlineData(PolicyType.ResourceControl)]
    public void Resource_policies_may_leave_Resource_out_because_it_is_the_resource_they_are_attached_to(PolicyType type) =>
        Accept(Doc("""{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage"}"""), type);

    [Fact]
    public void A_resource_policy_with_an_empty_resource_list_must_still_contain_resources() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":[]}"""), PolicyType.Resource),
            PolicyMessages.MissingResources, "Statement[0]");

    [Fact]
    public void A_trust_statement_with_Resource_has_a_prohibited_field() =>
        AssertError(Reject(Doc(TrustAllow, """{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}"""), PolicyType.Trust),
            PolicyMessages.ProhibitedResource, "Statement[1].Resource");

    [Fact]
    public void A_trust_statement_with_NotResource_has_a_prohibited_field_at_NotResource() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","NotResource":"arn:aws:iam::123456789012:role/x"}"""), PolicyType.Trust),
            PolicyMessages.ProhibitedResource, "Statement[0].NotResource");

    [Fact]
    public void A_trust_statement_with_Resource_is_reported_before_missing_actions_anywhere() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*"}""", """{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}"""), PolicyType.Trust),
            PolicyMessages.ProhibitedResource, "Statement[1].Resource");

    [Theory]
    [InlineData("""{"Effect":"Allow","Action":5,"Resource":"*"}""", "Statement[0].Action")]
    [InlineData("""{"Effect":"Allow","Action":{"s3":"GetObject"},"Resource":"*"}""", "Statement[0].Action")]
    [InlineData("""{"Effect":"Allow","Action":["s3:GetObject",5],"Resource":"*"}""", "Statement[0].Action[1]")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":[null]}""", "Statement[0].Resource[0]")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Sid":1}""", "Statement[0].Sid")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":[]}""", "Statement[0].Condition")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":"x"}}""", "Statement[0].Condition.StringEquals")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":"b"}}}}""", "Statement[0].Condition.StringEquals.aws:username")]
    [InlineData("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":["a",null]}}}""", "Statement[0].Condition.StringEquals.aws:username")]
    public void A_value_of_the_wrong_json_type_is_a_syntax_error_at_that_value(string statement, string path) =>
        AssertError(Reject(Doc(statement)), PolicyMessages.SyntaxErrors, path);

    [Fact]
    public void Condition_values_may_be_strings_numbers_or_booleans() =>
        Accept(Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10},"StringEquals":{"aws:username":["a","b"]}}}"""));
}
