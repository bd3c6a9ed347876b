using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Launch;

/// <summary>Runs a scenario script of this folder with boto3 against a server and reads what each scenario's task became.</summary>
public static partial class ScenarioScript
{
    /// <summary>Runs <paramref name="name"/> (a file beside this one); returns the JSON object it printed.</summary>
    public static JsonObject Run(StevedoreFixture stevedore, string name) =>
        JsonNode.Parse(stevedore.Python(File.ReadAllText(PathOf(name))).Succeeded().Stdout)!.AsObject();

    public static string PathOf(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, name);

    /// <summary>The task's text with each request id (a fresh GUID per call) replaced by <c>ID</c>.</summary>
    public static string Masked(string text) => RequestId().Replace(text, "RequestID: ID,");

    /// <summary>A stopped task's stoppedReason (masked), after checking its status and stop code.</summary>
    public static string StoppedReason(JsonNode task, string stopCode = "TaskFailedToStart")
    {
        Assert.Equal("STOPPED", task["lastStatus"]!.GetValue<string>());
        Assert.Equal(stopCode, task["stopCode"]!.GetValue<string>());
        return Masked(task["stoppedReason"]!.GetValue<string>());
    }

    /// <summary>An EC2/External container failure: the task stops with ECS's essential-container text and the container's reason (masked).</summary>
    public static string ContainerReason(JsonNode task)
    {
        Assert.Equal("Essential container in task exited", StoppedReason(task, "EssentialContainerExited"));
        return Masked(task["containerReason"]!.GetValue<string>());
    }

    public static void Running(JsonNode task)
    {
        Assert.Equal("RUNNING", task["lastStatus"]!.GetValue<string>());
        Assert.Null(task["stoppedReason"]);
    }

    [GeneratedRegex("RequestID: [0-9a-f-]{36},")]
    private static partial Regex RequestId();
}
