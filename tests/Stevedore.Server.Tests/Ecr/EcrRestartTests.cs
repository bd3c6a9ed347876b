using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecr;

/// <summary>Repositories, their policies and tags, images and layers survive a restart on the same data directory.</summary>
public sealed class EcrRestartTests
{
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"ecr:BatchGetImage"}]}""";

    private const string Manifest = """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,"digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":5,"digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222"}]}""";

    [Fact]
    public async Task Repositories_policies_tags_images_and_layers_survive_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-ecr-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);

        string digest;
        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            StevedoreFixture.AwsAt(url, Credentials.Root, "ecr", "create-repository", "--repository-name", "keep/app", "--tags", "Key=team,Value=a").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "ecr", "set-repository-policy", "--repository-name", "keep/app", "--policy-text", Policy).Succeeded();
            digest = StevedoreFixture.AwsAt(url, Credentials.Root, "ecr", "put-image", "--repository-name", "keep/app", "--image-tag", "v1",
                "--image-manifest", Manifest).Succeeded().Json["image"]!["imageId"]!["imageDigest"]!.GetValue<string>();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var after = Url(second);
        var repository = StevedoreFixture.AwsAt(after, Credentials.Root, "ecr", "describe-repositories", "--repository-names", "keep/app")
            .Succeeded().Json["repositories"]![0]!;
        Assert.Equal("arn:aws:ecr:us-east-1:000000000000:repository/keep/app", repository["repositoryArn"]!.GetValue<string>());
        Assert.Equal(Policy, StevedoreFixture.AwsAt(after, Credentials.Root, "ecr", "get-repository-policy", "--repository-name", "keep/app")
            .Succeeded().Json["policyText"]!.GetValue<string>());
        Assert.Equal("a", StevedoreFixture.AwsAt(after, Credentials.Root, "ecr", "list-tags-for-resource", "--resource-arn",
            "arn:aws:ecr:us-east-1:000000000000:repository/keep/app").Succeeded().Json["tags"]![0]!["Value"]!.GetValue<string>());
        var image = StevedoreFixture.AwsAt(after, Credentials.Root, "ecr", "batch-get-image", "--repository-name", "keep/app", "--image-ids", "imageTag=v1")
            .Succeeded().Json["images"]![0]!;
        Assert.Equal(digest, image["imageId"]!["imageDigest"]!.GetValue<string>());
        Assert.Equal(Manifest, image["imageManifest"]!.GetValue<string>());
        StevedoreFixture.AwsAt(after, Credentials.Root, "ecr", "get-download-url-for-layer", "--repository-name", "keep/app", "--layer-digest",
            "sha256:2222222222222222222222222222222222222222222222222222222222222222").Succeeded();
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
