using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Principal and NotPrincipal: forbidden in identity grammar, required where the grammar names principals.</summary>
public sealed class PrincipalSpecs
{
    [Theory]
    [InlineData(PolicyType.Identity, "Principal")]
    [InlineData(PolicyType.PermissionsBoundary, "Principal")]
    [InlineData(PolicyType.ServiceControl, "Principal")]
    [InlineData(PolicyType.Session, "Principal")]
    [InlineData(PolicyType.Identity, "NotPrincipal")]
    [InlineData(PolicyType.Session, "NotPrincipal")]
    public void Identity_grammar_policies_should_not_specify_a_principal(PolicyType type, string key) =>
        AssertError(Reject(Doc(Allow, $$"""{"Effect":"Deny","{{key}}":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"*"}"""), type),
            PolicyMessages.ShouldNotSpecifyPrincipal, $"Statement[1].{key}");

    [Fact]
    public void A_wildcard_principal_is_a_principal_too_in_identity_policies() =>
        AssertError(Reject(Single("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}""")),
            PolicyMessages.ShouldNotSpecifyPrincipal, "Statement.Principal");

    [Theory]
    [InlineData(PolicyType.Resource)]
    [InlineData(PolicyType.VpcEndpoint)]
    [InlineData(PolicyType.ResourceControl)]
    public void A_resource_policy_statement_without_a_principal_is_missing_a_required_field(PolicyType type) =>
        AssertError(Reject(Doc(ResourceAllow, """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"""), type),
            PolicyMessages.MissingPrincipal, "Statement[1]");

    [Fact]
    public void A_trust_policy_statement_without_a_principal_has_no_principals() =>
        AssertError(Reject(Doc(TrustAllow, """{"Effect":"Allow","Action":"sts:AssumeRole"}"""), PolicyType.Trust),
            PolicyMessages.TrustWithoutPrincipal, "Statement[1]");

    [Theory]
    [InlineData(PolicyType.Resource, PolicyMessages.MissingPrincipal)]
    [InlineData(PolicyType.Trust, PolicyMessages.TrustWithoutPrincipal)]
    public void A_principal_map_with_only_empty_lists_counts_as_missing(PolicyType type, string message) =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":{"AWS":[],"Service":[]},"Action":"sts:AssumeRole"}"""), type), message, "Statement[0]");

    [Fact]
    public void NotPrincipal_is_prohibited_in_trust_policies() =>
        AssertError(Reject(Doc(TrustAllow, """{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}"""), PolicyType.Trust),
            PolicyMessages.NotPrincipalProhibited, "Statement[1].NotPrincipal");

    [Fact]
    public void NotPrincipal_is_accepted_in_resource_policies() =>
        Accept(Doc("""{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::123456789012:user/bob","123456789012"]},"Action":"s3:*","Resource":"*"}"""), PolicyType.Resource);

    [Theory]
    [InlineData("bob")]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/r/*")]
    [InlineData("arn:aws:iam::123456789012:user/*")]
    [InlineData("arn:aws:iam::*:root")]
    [InlineData("arn:aws:iam::12345678901?:root")]
    [InlineData("arn:aws:iam::123456789012:group/devs")]
    [InlineData("arn:aws:iam:us-east-1:123456789012:root")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:sts::123456789012:role/r")]
    [InlineData("arn:aws:iam::123456789012")]
    [InlineData("ARN:aws:iam::123456789012:root")]
    public void An_aws_principal_that_is_not_an_account_or_an_exact_principal_arn_is_invalid(string value)
    {
        foreach (var type in new[] { PolicyType.Resource, PolicyType.Trust })
        {
            var action = type == PolicyType.Trust ? "sts:AssumeRole" : "s3:GetObject";
            var json = Doc($$"""{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":["123456789012","{{value}}"]},"Action":"{{action}}"}""");
            AssertError(Reject(json, type), PolicyMessages.InvalidPrincipal("AWS", value), "Statement[0].Principal.AWS");
        }
    }

    [Fact]
    public void The_invalid_principal_text_quotes_the_type_and_value() =>
        Assert.Equal("Invalid principal in policy: \"AWS\":\"arn:aws:sts::123456789012:assumed-role/r/*\"",
            PolicyMessages.InvalidPrincipal("AWS", "arn:aws:sts::123456789012:assumed-role/r/*"));

    [Fact]
    public void An_invalid_principal_under_NotPrincipal_is_reported_at_NotPrincipal() =>
        AssertError(Reject(Doc("""{"Effect":"Deny","NotPrincipal":{"AWS":"bob"},"Action":"s3:*","Resource":"*"}"""), PolicyType.Resource),
            PolicyMessages.InvalidPrincipal("AWS", "bob"), "Statement[0].NotPrincipal.AWS");

    [Theory]
    [InlineData("*")]
    [InlineData("123456789012")]
    [InlineData("arn:aws:iam::123456789012:root")]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    [InlineData("arn:aws:iam::123456789012:user/division/bob")]
    [InlineData("arn:aws:iam::123456789012:role/app")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/app/session-1")]
    [InlineData("arn:aws:sts::123456789012:federated-user/alice")]
    [InlineData("arn:aws-cn:iam::123456789012:root")]
    public void Accounts_and_exact_principal_arns_are_valid_aws_principals(string value) =>
        Accept(Doc($$"""{"Effect":"Allow","Principal":{"AWS":"{{value}}"},"Action":"sts:AssumeRole"}"""), PolicyType.Trust);

    [Theory]
    [InlineData("""{"Service":"ecs-tasks.amazonaws.com"}""")]
    [InlineData("""{"Federated":"cognito-identity.amazonaws.com"}""")]
    [InlineData("""{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}""")]
    public void Service_federated_and_canonical_user_principals_are_accepted(string principal) =>
        Accept(Doc($$"""{"Effect":"Allow","Principal":{{principal}},"Action":"s3:GetObject"}"""), PolicyType.Resource);

    [Theory]
    [InlineData("\"123456789012\"", "Statement[0].Principal")]
    [InlineData("\"\"", "Statement[0].Principal")]
    [InlineData("[\"*\"]", "Statement[0].Principal")]
    [InlineData("""{"Aws":"123456789012"}""", "Statement[0].Principal.Aws")]
    [InlineData("""{"User":"bob"}""", "Statement[0].Principal.User")]
    [InlineData("""{"AWS":7}""", "Statement[0].Principal.AWS")]
    public void A_principal_that_is_neither_star_nor_a_map_of_known_types_is_a_syntax_error(string principal, string path) =>
        AssertError(Reject(Doc($$"""{"Effect":"Allow","Principal":{{principal}},"Action":"s3:GetObject"}"""), PolicyType.Resource),
            PolicyMessages.SyntaxErrors, path);

    [Fact]
    public void Missing_resources_are_reported_before_principals() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}""")), PolicyMessages.MissingResources, "Statement[0]");
}
