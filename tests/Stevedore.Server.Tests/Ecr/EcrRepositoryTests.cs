using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecr;

/// <summary>Repositories and repository policies with the AWS CLI and boto3.</summary>
public sealed class EcrRepositoryTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_cli_creates_describes_and_deletes_a_repository()
    {
        var created = stevedore.Aws("ecr", "create-repository", "--repository-name", "team/web-app", "--image-tag-mutability", "IMMUTABLE",
            "--tags", "Key=team,Value=web", "--image-scanning-configuration", "scanOnPush=true").Succeeded().Json["repository"]!;

        Assert.Equal("arn:aws:ecr:us-east-1:000000000000:repository/team/web-app", created["repositoryArn"]!.GetValue<string>());
        Assert.Equal("000000000000.dkr.ecr.us-east-1.amazonaws.com/team/web-app", created["repositoryUri"]!.GetValue<string>());
        Assert.Equal("000000000000", created["registryId"]!.GetValue<string>());
        Assert.Equal("IMMUTABLE", created["imageTagMutability"]!.GetValue<string>());
        Assert.True(created["imageScanningConfiguration"]!["scanOnPush"]!.GetValue<bool>());
        Assert.Equal("AES256", created["encryptionConfiguration"]!["encryptionType"]!.GetValue<string>());

        var described = stevedore.Aws("ecr", "describe-repositories", "--repository-names", "team/web-app").Succeeded().Json["repositories"]!.AsArray();
        Assert.Equal("team/web-app", Assert.Single(described)!["repositoryName"]!.GetValue<string>());

        stevedore.Aws("ecr", "create-repository", "--repository-name", "team/web-app").FailedWith("RepositoryAlreadyExistsException");
        stevedore.Aws("ecr", "delete-repository", "--repository-name", "team/web-app").Succeeded();
        var missing = stevedore.Aws("ecr", "describe-repositories", "--repository-names", "team/web-app").FailedWith("RepositoryNotFoundException");
        Assert.Contains("The repository with name 'team/web-app' does not exist in the registry with id '000000000000'", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Boto3_sees_names_rules_pagination_and_named_errors()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            print(error(lambda: ecr.create_repository(repositoryName="Upper/Case")))
            for i in range(5):
                ecr.create_repository(repositoryName=f"page/r{i}", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "alias/custom"})
            first = ecr.describe_repositories(maxResults=2)
            names = [r["repositoryName"] for r in first["repositories"]]
            token = first["nextToken"]
            while token:
                page = ecr.describe_repositories(maxResults=2, nextToken=token)
                names += [r["repositoryName"] for r in page["repositories"]]
                token = page.get("nextToken")
            print(sorted(n for n in names if n.startswith("page/")) == [f"page/r{i}" for i in range(5)])
            print(ecr.describe_repositories(repositoryNames=["page/r1"])["repositories"][0]["encryptionConfiguration"]["kmsKey"])
            print(error(lambda: ecr.describe_repositories(repositoryNames=["page/r1", "page/ghost"])))
            print(error(lambda: ecr.delete_repository(repositoryName="page/ghost")))
            ecr.put_image(repositoryName="page/r0", imageManifest=manifest("full"), imageTag="v1")
            print(error(lambda: ecr.delete_repository(repositoryName="page/r0")))
            print(ecr.delete_repository(repositoryName="page/r0", force=True)["repository"]["repositoryName"])
            print(error(lambda: ecr.list_images(repositoryName="page/r0")))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("InvalidParameterException Invalid parameter at 'repositoryName' failed to satisfy constraint: " +
            "'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''", lines[0]);
        Assert.Equal("True", lines[1]);
        Assert.Equal("alias/custom", lines[2]);
        Assert.Equal("RepositoryNotFoundException The repository with name 'page/ghost' does not exist in the registry with id '000000000000'", lines[3]);
        Assert.Equal("RepositoryNotFoundException The repository with name 'page/ghost' does not exist in the registry with id '000000000000'", lines[4]);
        Assert.Equal("RepositoryNotEmptyException The repository with name 'page/r0' in registry with id '000000000000' " +
            "cannot be deleted because it still contains images", lines[5]);
        Assert.Equal("page/r0", lines[6]);
        Assert.StartsWith("RepositoryNotFoundException", lines[7], StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_policies_are_set_validated_read_and_deleted()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="policy/app")
            print(error(lambda: ecr.get_repository_policy(repositoryName="policy/app")))
            print(error(lambda: ecr.delete_repository_policy(repositoryName="policy/app")))
            good = json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "pull", "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]})
            print(ecr.set_repository_policy(repositoryName="policy/app", policyText=good)["policyText"] == good)
            print(ecr.get_repository_policy(repositoryName="policy/app")["policyText"] == good)
            with_resource = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                "Action": "ecr:BatchGetImage", "Resource": "*"}]})
            print(error(lambda: ecr.set_repository_policy(repositoryName="policy/app", policyText=with_resource)))
            print(error(lambda: ecr.set_repository_policy(repositoryName="policy/app", policyText="{not json")))
            no_principal = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage"}]})
            print(error(lambda: ecr.set_repository_policy(repositoryName="policy/app", policyText=no_principal)))
            print(error(lambda: ecr.set_repository_policy(repositoryName="policy/ghost", policyText=good)))
            print(ecr.delete_repository_policy(repositoryName="policy/app")["policyText"] == good)
            print(error(lambda: ecr.get_repository_policy(repositoryName="policy/app")))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        const string NoPolicy = "RepositoryPolicyNotFoundException Repository policy does not exist for the repository with name 'policy/app' in the registry with id '000000000000'";
        const string Invalid = "InvalidParameterException Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";
        Assert.Equal(NoPolicy, lines[0]);
        Assert.Equal(NoPolicy, lines[1]);
        Assert.Equal("True", lines[2]);
        Assert.Equal("True", lines[3]);
        Assert.Equal(Invalid, lines[4]);
        Assert.Equal(Invalid, lines[5]);
        Assert.Equal(Invalid, lines[6]);
        Assert.StartsWith("RepositoryNotFoundException", lines[7], StringComparison.Ordinal);
        Assert.Equal("True", lines[8]);
        Assert.Equal(NoPolicy, lines[9]);
    }

    [Fact]
    public void Tags_are_added_listed_and_removed_by_arn()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            arn = ecr.create_repository(repositoryName="tags/app", tags=[{"Key": "team", "Value": "a"}])["repository"]["repositoryArn"]
            ecr.tag_resource(resourceArn=arn, tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}])
            print(sorted((t["Key"], t["Value"]) for t in ecr.list_tags_for_resource(resourceArn=arn)["tags"]))
            ecr.untag_resource(resourceArn=arn, tagKeys=["team"])
            print(ecr.list_tags_for_resource(resourceArn=arn)["tags"])
            print(error(lambda: ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])))
            print(error(lambda: ecr.list_tags_for_resource(resourceArn=arn.replace("tags/app", "tags/ghost"))))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("[('env', 'dev'), ('team', 'b')]", lines[0]);
        Assert.Equal("[{'Key': 'env', 'Value': 'dev'}]", lines[1]);
        Assert.Equal("TooManyTagsException The maximum number of tags (50) has been exceeded for the resource.", lines[2]);
        Assert.Equal("RepositoryNotFoundException The repository with name 'tags/ghost' does not exist in the registry with id '000000000000'", lines[3]);
    }
}
