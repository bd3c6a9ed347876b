using System.Text.Json.Nodes;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Services;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Server.Tests.Ecs;

/// <summary>
/// The launcher hook, in process: RunTask hands each new task to the <see cref="ITaskLauncher"/> with what a launch
/// needs, answers with the task as first recorded, and records the outcome DescribeTasks then shows.
/// </summary>
public sealed class EcsLauncherTests
{
    private sealed class RecordingLauncher(Func<TaskLaunch, TaskLaunchOutcome> decide) : ITaskLauncher
    {
        public List<TaskLaunch> Launches { get; } = [];

        public TaskLaunchOutcome Launch(TaskLaunch launch)
        {
            Launches.Add(launch);
            return decide(launch);
        }
    }

    private static JsonObject Invoke(EcsService service, Stevedore.Storage.IStateStore store, string operation, string input) =>
        service.Invoke(new OperationContext(Caller.Root("000000000000"), "us-east-1", operation, JsonNode.Parse(input)!.AsObject(),
            DateTimeOffset.UnixEpoch, "req", store))!;

    [Fact]
    public void The_launcher_receives_the_task_and_its_outcome_is_recorded()
    {
        using var store = SqliteStateStore.OpenInMemory();
        var launcher = new RecordingLauncher(l => l.TaskDefinition["family"]!.GetValue<string>() == "ok"
            ? TaskLaunchOutcome.Running
            : TaskLaunchOutcome.FailedToStart("CannotPullContainerError: pull failed", new Dictionary<string, string> { ["app"] = "CannotPullContainerError: pull failed" }));
        var service = new EcsService(launcher);
        Invoke(service, store, "CreateCluster", """{"clusterName":"l"}""");
        Invoke(service, store, "RegisterContainerInstance", """{"cluster":"l","versionInfo":{"agentVersion":"1.50.0"},"attributes":[{"name":"stevedore.config/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE","value":"true"}]}""");
        foreach (var family in new[] { "ok", "bad" })
        {
            Invoke(service, store, "RegisterTaskDefinition", $$"""{"family":"{{family}}","containerDefinitions":[{"name":"app","image":"nginx","memory":64}]}""");
        }

        var run = Invoke(service, store, "RunTask", """{"cluster":"l","taskDefinition":"ok"}""");
        Assert.Equal("PROVISIONING", run["tasks"]![0]!["lastStatus"]!.GetValue<string>());
        var launch = Assert.Single(launcher.Launches);
        Assert.Equal("EC2", launch.LaunchType);
        Assert.Equal("1.50.0", launch.ContainerInstance!.AgentVersion);
        Assert.Equal("true", launch.ContainerInstance.Config["ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE"]);
        Assert.True(launch.ContainerInstance.Has("ecs.capability.execution-role-awslogs"));
        Assert.Equal(32, launch.TaskId.Length);

        var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var described = Invoke(service, store, "DescribeTasks", $$"""{"cluster":"l","tasks":["{{taskArn}}"]}""")["tasks"]![0]!;
        Assert.Equal("RUNNING", described["lastStatus"]!.GetValue<string>());
        Assert.Equal("RUNNING", described["containers"]![0]!["lastStatus"]!.GetValue<string>());

        var failed = Invoke(service, store, "RunTask", """{"cluster":"l","taskDefinition":"bad"}""")["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var stopped = Invoke(service, store, "DescribeTasks", $$"""{"cluster":"l","tasks":["{{failed}}"]}""")["tasks"]![0]!;
        Assert.Equal("STOPPED", stopped["lastStatus"]!.GetValue<string>());
        Assert.Equal("STOPPED", stopped["desiredStatus"]!.GetValue<string>());
        Assert.Equal("TaskFailedToStart", stopped["stopCode"]!.GetValue<string>());
        Assert.Equal("CannotPullContainerError: pull failed", stopped["stoppedReason"]!.GetValue<string>());
        Assert.Equal("CannotPullContainerError: pull failed", stopped["containers"]![0]!["reason"]!.GetValue<string>());
    }
}
