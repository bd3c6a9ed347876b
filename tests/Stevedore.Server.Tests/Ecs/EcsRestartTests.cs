using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecs;

/// <summary>Clusters, revisions, container instances, tasks and tags survive a restart on the same data directory.</summary>
public sealed class EcsRestartTests
{
    [Fact]
    public async Task Ecs_state_survives_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-ecs-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);

        string task;
        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            StevedoreFixture.AwsAt(url, Credentials.Root, "ecs", "create-cluster", "--cluster-name", "keep", "--tags", "key=team,value=a").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "ecs", "register-container-instance", "--cluster", "keep", "--attributes",
                "name=stevedore.instance-role,value=arn:aws:iam::000000000000:role/instance").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "ecs", "register-task-definition", "--family", "keep", "--container-definitions",
                """[{"name":"a","image":"nginx","memory":64}]""").Succeeded();
            task = StevedoreFixture.AwsAt(url, Credentials.Root, "ecs", "run-task", "--cluster", "keep", "--task-definition", "keep")
                .Succeeded().Json["tasks"]![0]!["taskArn"]!.GetValue<string>();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var after = Url(second);
        var cluster = StevedoreFixture.AwsAt(after, Credentials.Root, "ecs", "describe-clusters", "--clusters", "keep", "--include", "TAGS").Succeeded().Json["clusters"]![0]!;
        Assert.Equal("a", cluster["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, cluster["registeredContainerInstancesCount"]!.GetValue<int>());
        Assert.Equal(2, StevedoreFixture.AwsAt(after, Credentials.Root, "ecs", "register-task-definition", "--family", "keep", "--container-definitions",
            """[{"name":"a","image":"nginx","memory":64}]""").Succeeded().Json["taskDefinition"]!["revision"]!.GetValue<int>());
        var described = StevedoreFixture.AwsAt(after, Credentials.Root, "ecs", "describe-tasks", "--cluster", "keep", "--tasks", task).Succeeded().Json["tasks"]![0]!;
        // Launched by the simulated agent (no execution role, nothing to fetch): RUNNING, and still after the restart.
        Assert.Equal("RUNNING", described["lastStatus"]!.GetValue<string>());
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:task-definition/keep:1", described["taskDefinitionArn"]!.GetValue<string>());
        StevedoreFixture.AwsAt(after, Credentials.Root, "ecs", "stop-task", "--cluster", "keep", "--task", task).Succeeded();
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
