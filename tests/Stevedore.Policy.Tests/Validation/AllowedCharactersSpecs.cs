using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>
/// A policy document may contain only tab, LF, CR and U+0020–U+00FF (facts sheet A1 "Allowed characters", A5
/// "Trust policy document parameter"; UG reference_iam-quotas). The wildcard matcher relies on this: it encodes
/// <c>*</c> and <c>?</c> as U+E000 and U+E001 because a document "cannot contain them".
/// </summary>
public sealed class AllowedCharactersSpecs
{
    [Theory]
    [InlineData("tab\there")]
    [InlineData("ÿ-and-é")]
    [InlineData("~!@#$%^&()")]
    public void Text_within_the_allowed_range_is_accepted(string text) =>
        Accept(Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/""" + text.Replace("\t", "\\t", StringComparison.Ordinal) + "\"}"), PolicyType.Resource);

    [Fact]
    public void A_raw_control_character_fails_the_APIs_document_pattern() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/""" + "\u0007" + "\"}")), PolicyMessages.DocumentPattern, "", PolicyError.ValidationError);

    [Theory]
    [InlineData("\u2603")]
    [InlineData("\u0100")]
    [InlineData("\uE000")]
    public void A_character_outside_the_allowed_range_is_rejected(string character)
    {
        var json = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/""" + character + "\"}");
        var result = PolicyParser.Parse(json, PolicyType.Identity);
        Assert.False(result.Success);
        Assert.Equal(PolicyError.ValidationError, result.FirstError!.Code);
    }

    [Fact]
    public void An_escaped_character_outside_the_allowed_range_is_a_syntax_error_at_its_path()
    {
        var json = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/\u2603"}""");
        AssertError(Reject(json), PolicyMessages.SyntaxErrors, "Statement[0].Resource");
    }

    [Fact]
    public void A_private_use_character_in_a_resource_is_not_a_wildcard()
    {
        var json = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/""" + "\uE000" + "\"}");
        var result = PolicyParser.Parse(json, PolicyType.Identity);
        if (!result.Success)
        {
            return;
        }

        var policies = new PolicySet { Identity = [PolicyCompiler.Compile(result.Document!, PolicyType.Identity)] };
        var request = new AuthorizationRequest(RequestPrincipal.Parse("arn:aws:iam::111122223333:user/bob"), "s3:GetObject", "arn:aws:s3:::bucket/any/key");
        Assert.False(Authorizer.Authorize(request, policies).IsAllowed);
    }
}
