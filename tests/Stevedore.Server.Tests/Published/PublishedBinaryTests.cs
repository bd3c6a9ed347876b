using System.Runtime.CompilerServices;
using Stevedore.Server.Tests.Durability;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Published;

/// <summary>
/// The binary users run is the ahead-of-time compiled <c>dotnet publish</c> output (README). Trimming can remove what
/// only reflection reaches, so CI publishes it, points <c>STEVEDORE_BINARY</c> at it (the process tests in
/// Durability/ then run it too) and this walks every service through it. Without the variable (a developer machine
/// that did not publish) the test is skipped; in CI (<c>CI=true</c>) it must run.
/// </summary>
public sealed class PublishedBinaryTests
{
    [SkippableFact]
    public void Every_service_answers_through_the_published_binary()
    {
        RequirePublishedBinary();
        using var server = ServerCrashTests.Serve("", out var url, ephemeral: true);
        try
        {
            var script = File.ReadAllText(Path.Combine(SourceDirectory(), "every_service_walkthrough.py"));
            var result = StevedoreFixture.PythonAt(url, script).Succeeded();
            Assert.StartsWith("ok subnet-", result.Stdout.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }

    [SkippableFact]
    public async Task Task_launches_end_as_they_do_in_the_in_process_server()
    {
        RequirePublishedBinary();
        var script = File.ReadAllText(Path.Combine(SourceDirectory(), "..", "Launch", "launch_scenarios.py"));

        await using var inProcess = new StevedoreFixture();
        await inProcess.InitializeAsync();
        var expected = Outcomes(inProcess.Python(script).Succeeded().Stdout);

        using var server = ServerCrashTests.Serve("", out var url, ephemeral: true);
        try
        {
            var actual = Outcomes(StevedoreFixture.PythonAt(url, script).Succeeded().Stdout);
            Assert.Contains("RUNNING", actual.Values);
            Assert.Equal(expected, actual);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }

    /// <summary>Scenario → status, stop code and stoppedReason (task ids, request ids and secret ARN suffixes, fresh per run, masked).</summary>
    private static SortedDictionary<string, string> Outcomes(string stdout)
    {
        var outcomes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, task) in System.Text.Json.Nodes.JsonNode.Parse(stdout)!.AsObject())
        {
            if (task is not System.Text.Json.Nodes.JsonObject)
            {
                continue; // the world's ids (_vpc, _vpce, _key), not tasks
            }

            var text = $"{task!["lastStatus"]} {task["stopCode"]} {task["stoppedReason"]}";
            text = System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{32}|[0-9a-f-]{36}", "ID");
            text = System.Text.RegularExpressions.Regex.Replace(text, "(:secret:[\\w/+=.@-]+)-[A-Za-z0-9]{6}(?![A-Za-z0-9])", "$1-SUFFIX");
            outcomes[name] = name == "good" ? task["lastStatus"]!.GetValue<string>() : text;
        }

        return outcomes;
    }

    private static void RequirePublishedBinary()
    {
        var published = Environment.GetEnvironmentVariable("STEVEDORE_BINARY");
        Skip.If(string.IsNullOrEmpty(published) && Environment.GetEnvironmentVariable("CI") != "true",
            "STEVEDORE_BINARY is not set: publish first (dotnet publish src/Stevedore.Cli -c Release -o out) and point it at out/stevedore");
        Assert.False(string.IsNullOrEmpty(published), "CI must set STEVEDORE_BINARY to the published binary (.ci/run does)");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
