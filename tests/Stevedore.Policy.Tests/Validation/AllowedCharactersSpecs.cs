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
    private const string Bug =
        "engine bug: PolicyParser accepts characters outside tab/LF/CR/U+0020–U+00FF; IAM rejects them (the exact code and text, an API ValidationError or MalformedPolicyDocument, are unconfirmed)";

    [Theory]
    [InlineData("tab\there")]
    [InlineData("ÿ-and-é")]
    [InlineData("~!@#$%^&()")]
    public void Text_within_the_allowed_range_is_accepted(string text) =>
        Accept(Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/""" + text.Replace("\t", "\\t", StringComparison.Ordinal) + "\"}"), PolicyType.Resource);

    [Fact]
    public void A_raw_control_character_inside_a_string_is_a_syntax_error_of_the_whole_document() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/""" + "\u0007" + "\"}")), PolicyMessages.SyntaxErrors, "");

    [Theory(Skip = Bug)]
    [InlineData("\u2603")]
    [InlineData("\u0100")]
    [InlineData("\uE000")]
    public void A_character_outside_the_allowed_range_is_rejected(string character)
    {
        var json = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/""" + character + "\"}");
        Assert.False(PolicyParser.Parse(json, PolicyType.Identity).Success);
    }

    [Fact(Skip = Bug + "; consequence: a literal U+E000 in a Resource acts as the * wildcard (actual: Allowed)")]
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
