using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using static Stevedore.Policy.Tests.Validation.Policies;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Resource and NotResource values: ARNs or <c>*</c>.</summary>
public sealed class ResourceSpecs
{
    private static string WithResource(string resource, string key = "Resource") =>
        Doc(Allow, Allow, $$"""{"Effect":"Allow","Action":"s3:GetObject","{{key}}":["arn:aws:s3:::ok","{{resource}}"]}""");

    [Theory]
    [InlineData("bucket")]
    [InlineData("")]
    [InlineData("s3/bucket")]
    public void A_resource_without_a_colon_must_be_in_arn_format(string resource) =>
        AssertError(Reject(WithResource(resource)), PolicyMessages.ResourceNotArn(resource), "Statement[2].Resource");

    [Theory]
    [InlineData("arm:aws:s3:::bucket")]
    [InlineData("ARN:aws:s3:::bucket")]
    [InlineData("urn:aws:s3:::bucket")]
    public void A_resource_that_does_not_start_with_arn_must_be_in_arn_format(string resource) =>
        AssertError(Reject(WithResource(resource)), PolicyMessages.ResourceNotArn(resource), "Statement[2].Resource");

    [Fact]
    public void The_arn_rule_applies_to_NotResource_at_its_own_path() =>
        AssertError(Reject(WithResource("bucket", "NotResource")), PolicyMessages.ResourceNotArn("bucket"), "Statement[2].NotResource");

    [Theory]
    [InlineData("arn:aws:s3::bucket")]
    [InlineData("arn:aws::bucket")]
    public void A_short_arn_with_an_empty_segment_fails_legacy_parsing(string resource) =>
        AssertError(Reject(WithResource(resource)), PolicyMessages.LegacyParsing, "Statement[2].Resource");

    [Theory]
    [InlineData("aws-moon")]
    [InlineData("AWS")]
    [InlineData("")]
    public void An_unknown_partition_is_not_valid_for_the_resource(string partition)
    {
        var resource = $"arn:{partition}:s3:::bucket";
        AssertError(Reject(WithResource(resource)), PolicyMessages.PartitionNotValid(partition, resource), "Statement[2].Resource");
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("aws-cn")]
    [InlineData("aws-us-gov")]
    [InlineData("*")]
    [InlineData("aws*")]
    [InlineData("aw?")]
    public void Known_partitions_and_wildcard_partitions_are_accepted(string partition) => Accept(WithResource($"arn:{partition}:s3:::bucket"));

    [Theory]
    [InlineData("arn:aws:s*:::bucket")]
    [InlineData("arn:aws:s?:::bucket")]
    [InlineData("arn:aws:*3:::bucket")]
    [InlineData("arn:aws::::bucket")]
    public void A_resource_vendor_must_be_fully_qualified(string resource) =>
        AssertError(Reject(WithResource(resource)), PolicyMessages.ResourceVendor, "Statement[2].Resource");

    [Theory]
    [InlineData("arn:aws:*:*:*:*")]
    [InlineData("arn:*:*:*:*:*")]
    [InlineData("*")]
    public void A_lone_star_vendor_is_accepted(string resource) => Accept(WithResource(resource));

    [Theory]
    [InlineData("arn:aws:iam:us-east-1:123456789012:user/bob")]
    [InlineData("arn:aws:iam:*:123456789012:role/*")]
    public void An_iam_resource_cannot_contain_region_information(string resource) =>
        AssertError(Reject(WithResource(resource)), PolicyMessages.IamResourceRegion(resource), "Statement[2].Resource");

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    [InlineData("arn:aws:iam::*:role/service-role/*")]
    [InlineData("arn:aws:s3:::bucket/*/test/*")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/app:1")]
    [InlineData("arn:aws:s3:::bucket/${aws:username}/*")]
    public void Well_formed_arns_are_accepted(string resource) => Accept(WithResource(resource));

    [Fact]
    public void Resource_rules_apply_to_resource_policies_too() =>
        AssertError(Reject(Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"bucket"}"""), PolicyType.Resource),
            PolicyMessages.ResourceNotArn("bucket"), "Statement[0].Resource");
}
