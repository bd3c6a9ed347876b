using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>The top level of a document: JSON itself, Version, Id and Statement.</summary>
public sealed class DocumentGrammarSpecs
{
    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("""{"Version":"2012-10-17","Statement":[]""")]
    [InlineData("""{"Version":"2012-10-17",}""")]
    [InlineData("""{"Version":"2012-10-17" /* comment */ }""")]
    public void Unparseable_json_in_an_identity_policy_is_a_syntax_error_of_the_whole_document(string json) =>
        AssertError(Reject(json), PolicyMessages.SyntaxErrors, "");

    [Theory]
    [InlineData("{")]
    [InlineData("""{"Version":"2012-10-17","Statement":[,]}""")]
    public void Unparseable_json_in_a_trust_policy_is_reported_as_invalid_json(string json) =>
        AssertError(Reject(json, PolicyType.Trust), PolicyMessages.InvalidJsonTrust, "");

    [Theory]
    [InlineData(PolicyType.Resource)]
    [InlineData(PolicyType.PermissionsBoundary)]
    [InlineData(PolicyType.Session)]
    [InlineData(PolicyType.ServiceControl)]
    public void Only_trust_policies_use_the_invalid_json_wording(PolicyType type) =>
        AssertError(Reject("{", type), PolicyMessages.SyntaxErrors, "");

    [Theory]
    [InlineData("[]")]
    [InlineData("\"policy\"")]
    [InlineData("42")]
    public void A_document_that_is_not_a_json_object_is_a_syntax_error(string json) =>
        AssertError(Reject(json), PolicyMessages.SyntaxErrors, "");

    [Fact]
    public void A_trust_document_that_is_not_a_json_object_is_invalid_json() =>
        AssertError(Reject("[]", PolicyType.Trust), PolicyMessages.InvalidJsonTrust, "");

    [Fact]
    public void A_repeated_top_level_key_is_a_syntax_error_at_that_key() =>
        AssertError(Reject($$"""{"Version":"2012-10-17","Version":"2012-10-17","Statement":[{{Allow}}]}"""),
            PolicyMessages.SyntaxErrors, "Version");

    [Fact]
    public void A_repeated_top_level_key_in_a_trust_policy_keeps_the_syntax_wording_because_it_has_a_path() =>
        AssertError(Reject($$"""{"Version":"2012-10-17","Statement":[{{TrustAllow}}],"Statement":[{{TrustAllow}}]}""", PolicyType.Trust),
            PolicyMessages.SyntaxErrors, "Statement");

    [Fact]
    public void A_repeated_key_inside_a_statement_is_a_syntax_error_at_that_key() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""")),
            PolicyMessages.SyntaxErrors, "Statement[0].Effect");

    [Fact]
    public void A_repeated_key_inside_a_principal_is_a_syntax_error_at_that_key() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":{"AWS":"111122223333","AWS":"444455556666"},"Action":"s3:GetObject","Resource":"*"}"""), PolicyType.Resource),
            PolicyMessages.SyntaxErrors, "Statement[0].Principal.AWS");

    [Fact]
    public void A_repeated_operator_inside_a_condition_is_a_syntax_error_at_that_operator() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"a"},"StringEquals":{"aws:username":"b"}}}""")),
            PolicyMessages.SyntaxErrors, "Statement[0].Condition.StringEquals");

    [Fact]
    public void A_repeated_key_inside_a_condition_operator_is_a_syntax_error_at_that_key() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","aws:username":"b"}}}""")),
            PolicyMessages.SyntaxErrors, "Statement[0].Condition.StringEquals.aws:username");

    [Theory]
    [InlineData("Statements")]
    [InlineData("version")]
    [InlineData("Comment")]
    public void An_unknown_top_level_key_is_a_syntax_error_at_that_key(string key) =>
        AssertError(Reject($$"""{"Version":"2012-10-17","{{key}}":"x","Statement":[{{Allow}}]}"""), PolicyMessages.SyntaxErrors, key);

    [Theory]
    [InlineData("2012-10-18")]
    [InlineData("2012-10-17 ")]
    [InlineData("2008-10-18")]
    [InlineData("")]
    [InlineData("latest")]
    public void A_version_other_than_the_two_that_exist_is_a_syntax_error_at_Version(string version) =>
        AssertError(Reject($$"""{"Version":"{{version}}","Statement":[{{Allow}}]}"""), PolicyMessages.SyntaxErrors, "Version");

    [Theory]
    [InlineData("20121017")]
    [InlineData("null")]
    [InlineData("[\"2012-10-17\"]")]
    public void A_version_that_is_not_a_string_is_a_syntax_error_at_Version(string version) =>
        AssertError(Reject($$"""{"Version":{{version}},"Statement":[{{Allow}}]}"""), PolicyMessages.SyntaxErrors, "Version");

    [Theory]
    [InlineData("2012-10-17")]
    [InlineData("2008-10-17")]
    public void Both_real_versions_are_accepted(string version) => Accept($$"""{"Version":"{{version}}","Statement":[{{Allow}}]}""");

    [Fact]
    public void A_missing_version_is_accepted_outside_managed_policies() => Accept($$"""{"Statement":[{{Allow}}]}""");

    [Fact]
    public void An_id_that_is_a_string_is_accepted() => Accept($$"""{"Version":"2012-10-17","Id":"my-policy","Statement":[{{Allow}}]}""", PolicyType.Identity);

    [Fact]
    public void An_id_that_is_not_a_string_is_a_syntax_error_at_Id() =>
        AssertError(Reject($$"""{"Version":"2012-10-17","Id":7,"Statement":[{{Allow}}]}"""), PolicyMessages.SyntaxErrors, "Id");

    [Fact]
    public void A_missing_statement_is_a_syntax_error_at_Statement() =>
        AssertError(Reject("""{"Version":"2012-10-17"}"""), PolicyMessages.SyntaxErrors, "Statement");

    [Fact]
    public void An_empty_statement_array_is_a_syntax_error_at_Statement() =>
        AssertError(Reject("""{"Version":"2012-10-17","Statement":[]}"""), PolicyMessages.SyntaxErrors, "Statement");

    [Theory]
    [InlineData("\"Allow\"")]
    [InlineData("null")]
    [InlineData("1")]
    public void A_statement_that_is_neither_an_object_nor_an_array_is_a_syntax_error_at_Statement(string statement) =>
        AssertError(Reject($$"""{"Version":"2012-10-17","Statement":{{statement}}}"""), PolicyMessages.SyntaxErrors, "Statement");

    [Fact]
    public void A_statement_array_member_that_is_not_an_object_is_a_syntax_error_at_its_index() =>
        AssertError(Reject($$"""{"Version":"2012-10-17","Statement":[{{Allow}},"Allow"]}"""), PolicyMessages.SyntaxErrors, "Statement[1]");

    [Fact]
    public void A_single_statement_object_is_accepted_and_paths_name_it_without_an_index()
    {
        Accept(Single(Allow));
        AssertError(Reject(Single("""{"Effect":"Allow","Action":"s3:GetObject"}""")), PolicyMessages.MissingResources, "Statement");
    }

    [Fact]
    public void The_first_error_in_document_order_is_the_one_reported()
    {
        var result = PolicyParser.Parse(Doc(Allow, """{"Effect":"Allow","Actions":"s3:GetObject","Resource":"*"}""", """{"Effect":"Allow","Resources":"*"}"""), PolicyType.Identity);
        AssertError(result.FirstError!, PolicyMessages.SyntaxErrors, "Statement[1].Actions");
        Assert.Equal(result.Errors[0], result.FirstError);
    }
}
