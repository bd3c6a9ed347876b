using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>Buckets, objects, policies and tags survive a restart on the same data directory.</summary>
public sealed class S3RestartTests
{
    [Fact]
    public async Task A_bucket_and_its_object_policy_and_tags_survive_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-s3-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "KEEP=me\n");
        const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::survivor-bucket/*"}]}""";

        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            StevedoreFixture.AwsAt(url, Credentials.Root, "s3", "mb", "s3://survivor-bucket").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "s3", "cp", file, "s3://survivor-bucket/app.env").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "s3api", "put-bucket-policy", "--bucket", "survivor-bucket", "--policy", Policy).Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "s3api", "put-bucket-tagging", "--bucket", "survivor-bucket",
                "--tagging", "TagSet=[{Key=team,Value=core}]").Succeeded();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var again = Url(second);
        Assert.Equal("KEEP=me\n", StevedoreFixture.AwsAt(again, Credentials.Root, "s3", "cp", "s3://survivor-bucket/app.env", "-").Succeeded().Stdout);
        Assert.Equal(Policy, StevedoreFixture.AwsAt(again, Credentials.Root, "s3api", "get-bucket-policy", "--bucket", "survivor-bucket")
            .Succeeded().Json["Policy"]!.GetValue<string>());
        Assert.Equal("core", StevedoreFixture.AwsAt(again, Credentials.Root, "s3api", "get-bucket-tagging", "--bucket", "survivor-bucket")
            .Succeeded().Json["TagSet"]![0]!["Value"]!.GetValue<string>());
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
