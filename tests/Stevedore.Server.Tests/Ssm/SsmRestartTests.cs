using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>Parameters, their versions and tags survive a restart on the same data directory.</summary>
public sealed class SsmRestartTests
{
    [Fact]
    public async Task Parameters_versions_and_tags_survive_a_restart()
    {
        var options = new ServerOptions(Port: 0, DataDirectory: Directory.CreateTempSubdirectory("stevedore-ssm-restart-").FullName);

        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            StevedoreFixture.AwsAt(url, Credentials.Root, "ssm", "put-parameter", "--name", "/survive/p", "--value", "one", "--type", "String",
                "--tags", "Key=team,Value=blue").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "ssm", "put-parameter", "--name", "/survive/p", "--value", "two", "--overwrite").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "ssm", "put-parameter", "--name", "/survive/s", "--value", "secret", "--type", "SecureString").Succeeded();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var after = Url(second);
        var parameter = StevedoreFixture.AwsAt(after, Credentials.Root, "ssm", "get-parameter", "--name", "/survive/p").Succeeded().Json["Parameter"]!;
        Assert.Equal("two", parameter["Value"]!.GetValue<string>());
        Assert.Equal(2, parameter["Version"]!.GetValue<int>());
        var history = StevedoreFixture.AwsAt(after, Credentials.Root, "ssm", "get-parameter-history", "--name", "/survive/p").Succeeded().Json["Parameters"]!.AsArray();
        Assert.Equal(["one", "two"], history.Select(v => v!["Value"]!.GetValue<string>()));
        var tags = StevedoreFixture.AwsAt(after, Credentials.Root, "ssm", "list-tags-for-resource", "--resource-type", "Parameter", "--resource-id", "/survive/p")
            .Succeeded().Json["TagList"]!.AsArray();
        Assert.Equal("blue", tags.Single()!["Value"]!.GetValue<string>());
        var secret = StevedoreFixture.AwsAt(after, Credentials.Root, "ssm", "get-parameter", "--name", "/survive/s", "--with-decryption").Succeeded().Json["Parameter"]!;
        Assert.Equal("secret", secret["Value"]!.GetValue<string>());
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
