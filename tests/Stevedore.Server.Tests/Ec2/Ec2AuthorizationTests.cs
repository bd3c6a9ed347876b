using Stevedore.Cloud.Ec2;
using Stevedore.Policy.Catalog;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ec2;

/// <summary>
/// EC2's denial wording, and every resource type its mapping authorizes on is one the catalog gives the action
/// (the matrix and the action check are in Enforcement/EveryService*Tests).
/// </summary>
public sealed class Ec2AuthorizationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_denial_reads_as_EC2_words_it()
    {
        var result = stevedore.Python("""
            import boto3
            from botocore.exceptions import ClientError
            iam = boto3.client("iam")
            iam.create_user(UserName="ec2-words")
            key = iam.create_access_key(UserName="ec2-words")["AccessKey"]
            ec2 = boto3.client("ec2", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
            for call in (lambda: ec2.describe_vpcs(), lambda: ec2.create_vpc(CidrBlock="10.0.0.0/16")):
                try:
                    call()
                except ClientError as e:
                    print(e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"], e.response["Error"]["Message"])
            """).Succeeded().Stdout.Split('\n');

        Assert.Equal("403 UnauthorizedOperation You are not authorized to perform this operation. User: arn:aws:iam::000000000000:user/ec2-words " +
            "is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action", result[0]);
        Assert.StartsWith("403 UnauthorizedOperation You are not authorized to perform this operation. User: arn:aws:iam::000000000000:user/ec2-words " +
            "is not authorized to perform: ec2:CreateVpc on resource: arn:aws:ec2:us-east-1:000000000000:vpc/* because no identity-based policy " +
            "allows the ec2:CreateVpc action. Encoded authorization failure message: ", result[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mapped_action_and_resource_type_is_in_the_catalog()
    {
        var catalog = ActionCatalog.Default;
        Assert.Equal(new Ec2Service().ImplementedOperations.Order(), Ec2Authorization.ResourceTypes.Keys.Order());
        foreach (var (operation, types) in Ec2Authorization.ResourceTypes)
        {
            var action = Ec2Authorization.Action(operation);
            Assert.True(catalog.TryGetAction(action, out _), $"{action} is not in the catalog");
            foreach (var type in types.OfType<string>())
            {
                var arn = $"arn:aws:ec2:us-east-1:000000000000:{type}/{type}-1";
                Assert.True(catalog.TryMatchResourceType(action, arn, out var matched) && matched.Name == type, $"{action} does not take a {type} ({arn})");
            }
        }
    }
}
