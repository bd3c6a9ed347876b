using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecr;

/// <summary>
/// A pull from another account (registryId = the owner) needs the repository policy to allow the caller's account
/// and the caller's own identity policy to allow the action; either alone is denied.
/// </summary>
public sealed class EcrCrossAccountTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void A_cross_account_pull_needs_the_repository_policy_and_the_identity_policy()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            import os
            owner = ecr
            owner.create_repository(repositoryName="xacct/app")
            m = manifest("xacct")
            owner.put_image(repositoryName="xacct/app", imageManifest=m, imageTag="v1")

            other = dict(aws_access_key_id="test2", aws_secret_access_key="test2")
            iam = boto3.client("iam", config=cfg, **other)
            iam.create_user(UserName="puller")
            key = iam.create_access_key(UserName="puller")["AccessKey"]
            puller = boto3.client("ecr", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

            def pull():
                r = puller.batch_get_image(registryId="000000000000", repositoryName="xacct/app", imageIds=[{"imageTag": "v1"}])
                assert r["images"][0]["imageManifest"] == m
                puller.get_download_url_for_layer(registryId="000000000000", repositoryName="xacct/app", layerDigest=blob("xacct-layer0"))

            print(error(pull))
            iam.put_user_policy(UserName="puller", PolicyName="pull", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "arn:aws:ecr:us-east-1:000000000000:repository/xacct/*"}]}))
            print(error(pull))
            owner.set_repository_policy(repositoryName="xacct/app", policyText=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                 "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))
            print(error(pull))
            iam.delete_user_policy(UserName="puller", PolicyName="pull")
            print(error(pull))
            print(error(lambda: puller.describe_images(registryId="000000000000", repositoryName="xacct/app")))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        const string Denied = "AccessDeniedException User: arn:aws:iam::111111111111:user/puller is not authorized to perform: ecr:BatchGetImage " +
            "on resource: arn:aws:ecr:us-east-1:000000000000:repository/xacct/app because ";
        Assert.StartsWith(Denied, lines[0], StringComparison.Ordinal);
        Assert.Equal(Denied + "no resource-based policy allows the ecr:BatchGetImage action", lines[1]);
        Assert.Equal("OK", lines[2]);
        Assert.Equal(Denied + "no identity-based policy allows the ecr:BatchGetImage action", lines[3]);
        Assert.StartsWith("AccessDeniedException User: arn:aws:iam::111111111111:user/puller is not authorized to perform: ecr:DescribeImages", lines[4],
            StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_tags_are_condition_keys()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="cond/blue", tags=[{"Key": "team", "Value": "blue"}])
            ecr.create_repository(repositoryName="cond/red", tags=[{"Key": "team", "Value": "red"}])
            iam = boto3.client("iam", config=cfg)
            iam.create_user(UserName="tagged-reader")
            iam.put_user_policy(UserName="tagged-reader", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ecr:ListImages", "Resource": "*", "Condition": {"StringEquals": {"ecr:ResourceTag/team": "blue"}}},
                {"Effect": "Allow", "Action": "ecr:DescribeImages", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}))
            key = iam.create_access_key(UserName="tagged-reader")["AccessKey"]
            reader = boto3.client("ecr", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
            print(error(lambda: reader.list_images(repositoryName="cond/blue")))
            print(error(lambda: reader.list_images(repositoryName="cond/red")).split(" ")[0])
            print(error(lambda: reader.describe_images(repositoryName="cond/blue")))
            print(error(lambda: reader.describe_images(repositoryName="cond/red")).split(" ")[0])
            """).Succeeded();

        Assert.Equal(["OK", "AccessDeniedException", "OK", "AccessDeniedException"], EcrScripts.Lines(result.Stdout));
    }
}
