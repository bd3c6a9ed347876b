using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Logs;

/// <summary>Log groups, streams, events, retention, tags and EventBridge rules with targets survive a restart.</summary>
public sealed class LogsRestartTests
{
    [Fact]
    public async Task Log_events_and_rules_written_before_a_restart_are_there_after_it()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-logs-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            StevedoreFixture.AwsAt(url, Credentials.Root, "logs", "create-log-group", "--log-group-name", "/ecs/survivor", "--tags", "team=blue").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "logs", "put-retention-policy", "--log-group-name", "/ecs/survivor", "--retention-in-days", "14").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "logs", "create-log-stream", "--log-group-name", "/ecs/survivor", "--log-stream-name", "app").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "logs", "put-log-events", "--log-group-name", "/ecs/survivor", "--log-stream-name", "app",
                "--log-events", $"timestamp={now},message=before").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "logs", "put-log-events", "--log-group-name", "/ecs/survivor", "--log-stream-name", "app",
                "--log-events", $"timestamp={now + 1},message=restart").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "events", "put-rule", "--name", "survivor", "--event-pattern", """{"source":["aws.ecs"]}""").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "events", "put-targets", "--rule", "survivor", "--targets", "Id=1,Arn=arn:aws:logs:us-east-1:000000000000:log-group:/ecs/survivor").Succeeded();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var after = Url(second);
        var group = StevedoreFixture.AwsAt(after, Credentials.Root, "logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/survivor").Succeeded().Json["logGroups"]![0]!;
        var events = StevedoreFixture.AwsAt(after, Credentials.Root, "logs", "get-log-events", "--log-group-name", "/ecs/survivor", "--log-stream-name", "app", "--start-from-head")
            .Succeeded().Json["events"]!.AsArray();
        var tags = StevedoreFixture.AwsAt(after, Credentials.Root, "logs", "list-tags-log-group", "--log-group-name", "/ecs/survivor").Succeeded().Json["tags"]!;
        var targets = StevedoreFixture.AwsAt(after, Credentials.Root, "events", "list-targets-by-rule", "--rule", "survivor").Succeeded().Json["Targets"]!.AsArray();

        Assert.Equal(14, group["retentionInDays"]!.GetValue<int>());
        Assert.Equal(["before", "restart"], events.Select(e => e!["message"]!.GetValue<string>()));
        Assert.Equal("blue", tags["team"]!.GetValue<string>());
        Assert.Equal("1", Assert.Single(targets)!["Id"]!.GetValue<string>());
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
