using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Condition operators must exist; typed operators need values of their type.</summary>
public sealed class ConditionSpecs
{
    private static string WithCondition(string op, string key, string value) =>
        Doc(Allow, Allow, """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:userid":"x"},""" + $"\"{op}\":{{\"{key}\":{value}" + "}}}");

    [Theory]
    [InlineData("StringEqualz")]
    [InlineData("StringMatches")]
    [InlineData("IfExists")]
    [InlineData("ForAnyValue:")]
    [InlineData("ForEveryValue:StringEquals")]
    [InlineData("ForAnyValue:ForAllValues:StringEquals")]
    [InlineData("StringEqualsIfExistsIfExists")]
    public void An_unknown_condition_operator_is_a_syntax_error_at_the_operator(string op) =>
        AssertError(Reject(WithCondition(op, "aws:username", "\"bob\"")), PolicyMessages.SyntaxErrors, $"Statement[2].Condition.{op}");

    [Theory]
    [InlineData("NullIfExists")]
    [InlineData("ForAnyValue:NullIfExists")]
    public void Null_cannot_take_IfExists_and_is_a_syntax_error(string op) =>
        AssertError(Reject(WithCondition(op, "aws:TokenIssueTime", "\"true\"")), PolicyMessages.SyntaxErrors, $"Statement[2].Condition.{op}");

    [Fact]
    public void An_unknown_operator_is_reported_before_every_other_rule() =>
        AssertError(Reject(Doc("""{"Sid":"a b","Effect":"Allow","Action":"GetObject","Condition":{"DateEquals":{"aws:CurrentTime":"soon"}}}""", """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Nope":{"aws:x":"y"}}}""")),
            PolicyMessages.SyntaxErrors, "Statement[1].Condition.Nope");

    [Theory]
    [InlineData("StringEquals")]
    [InlineData("stringequals")]
    [InlineData("StringNotLikeIfExists")]
    [InlineData("ForAnyValue:StringLike")]
    [InlineData("ForAllValues:StringNotEqualsIgnoreCase")]
    [InlineData("ArnLike")]
    [InlineData("ArnNotEqualsIfExists")]
    [InlineData("Bool")]
    [InlineData("Null")]
    [InlineData("ForAllValues:Null")]
    public void Known_operators_with_their_prefixes_and_suffix_are_accepted(string op) => Accept(WithCondition(op, "aws:username", "\"true\""));

    [Theory]
    [InlineData("DateGreaterThan", "aws:CurrentTime", "\"yesterday\"")]
    [InlineData("DateLessThanIfExists", "aws:CurrentTime", "\"2024-13-01T00:00:00Z\"")]
    [InlineData("DateEquals", "aws:CurrentTime", "\"\"")]
    [InlineData("DateNotEquals", "aws:CurrentTime", "[\"2024-01-01T00:00:00Z\",\"T12:00\"]")]
    [InlineData("DateGreaterThanEquals", "aws:CurrentTime", "true")]
    [InlineData("IpAddress", "aws:SourceIp", "\"10.0.0.256\"")]
    [InlineData("IpAddress", "aws:SourceIp", "\"10.0.0.0/33\"")]
    [InlineData("NotIpAddress", "aws:SourceIp", "\"2001:db8::/129\"")]
    [InlineData("IpAddress", "aws:SourceIp", "\"10.0.0.0/\"")]
    [InlineData("IpAddress", "aws:SourceIp", "\"localhost\"")]
    [InlineData("NumericLessThan", "s3:max-keys", "\"ten\"")]
    [InlineData("NumericEquals", "s3:max-keys", "\"\"")]
    [InlineData("ForAnyValue:NumericGreaterThan", "s3:max-keys", "[1,\"x\"]")]
    [InlineData("NumericNotEquals", "s3:max-keys", "false")]
    [InlineData("BinaryEquals", "aws:x", "\"not base64!\"")]
    [InlineData("BinaryEquals", "aws:x", "\"QUJD=\"")]
    public void A_typed_operator_value_that_does_not_parse_fails_legacy_parsing(string op, string key, string value) =>
        AssertError(Reject(WithCondition(op, key, value)), PolicyMessages.LegacyParsing, $"Statement[2].Condition.{op}.{key}");

    [Theory]
    [InlineData("DateGreaterThan", "\"2024-01-01T00:00:00Z\"")]
    [InlineData("DateLessThan", "\"2024-01-01\"")]
    [InlineData("DateEquals", "\"1700000000\"")]
    [InlineData("DateEquals", "1700000000")]
    [InlineData("DateLessThan", "\"2024-06-01T12:00:00+02:00\"")]
    [InlineData("IpAddress", "\"10.0.0.0/8\"")]
    [InlineData("IpAddress", "\"203.0.113.7\"")]
    [InlineData("NotIpAddress", "\"2001:DB8:1234:5678::/64\"")]
    [InlineData("NumericLessThan", "\"1.5\"")]
    [InlineData("NumericLessThan", "-3")]
    [InlineData("BinaryEquals", "\"QmluYXJ5VmFsdWU=\"")]
    [InlineData("Bool", "\"maybe\"")]
    [InlineData("StringEquals", "42")]
    public void Typed_values_in_their_documented_forms_are_accepted(string op, string value) => Accept(WithCondition(op, "aws:x", value));

    [Fact]
    public void Bad_condition_values_are_reported_before_duplicate_sids() =>
        AssertError(Reject(Doc("""{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""", """{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"x"}}}""")),
            PolicyMessages.LegacyParsing, "Statement[1].Condition.NumericEquals.s3:max-keys");

    [Fact]
    public void Condition_paths_use_the_operator_and_key_as_written() =>
        AssertError(Reject(Single("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"numericequals":{"S3:Max-Keys":"x"}}}""")),
            PolicyMessages.LegacyParsing, "Statement.Condition.numericequals.S3:Max-Keys");
}
