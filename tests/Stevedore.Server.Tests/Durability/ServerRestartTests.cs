using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Durability;

/// <summary>Every acknowledged write survives a restart of the server on the same data directory.</summary>
public sealed class ServerRestartTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task A_role_created_before_a_restart_is_there_after_it()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);

        string roleId;
        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            roleId = StevedoreFixture.AwsAt(Url(first), Credentials.Root, "iam", "create-role", "--role-name", "survivor",
                "--assume-role-policy-document", Trust).Succeeded().Json["Role"]!["RoleId"]!.GetValue<string>();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var role = StevedoreFixture.AwsAt(Url(second), Credentials.Root, "iam", "get-role", "--role-name", "survivor").Succeeded().Json["Role"]!;

        Assert.Equal(roleId, role["RoleId"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(dataDir, "stevedore.db")));
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
