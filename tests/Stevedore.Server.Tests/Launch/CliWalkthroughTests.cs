using System.Diagnostics;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Launch;

/// <summary>
/// Issue 5's scripted walkthrough: the seed document's AWS CLI steps (role, trust policy, managed policy, inline
/// policies), then ECR, Secrets Manager, SSM, CloudWatch Logs, <c>register-task-definition</c>, <c>run-task</c> and
/// <c>wait tasks-running</c> — one bash script (<c>cli_walkthrough.sh</c>) with the real <c>aws</c> CLI.
/// </summary>
public sealed class CliWalkthroughTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public async Task The_seeds_CLI_steps_then_run_task_reach_RUNNING_and_write_the_start_line()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ScenarioScript.PathOf("cli_walkthrough.sh"));
        start.Environment["AWS_ACCESS_KEY_ID"] = Credentials.Root.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = Credentials.Root.SecretAccessKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_ENDPOINT_URL"] = stevedore.EndpointUrl;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_PAGER"] = "";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"the walkthrough failed ({process.ExitCode}): {await stderr}");

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var task = lines["TASK"];
        Assert.Matches("^arn:aws:ecs:us-east-1:000000000000:task/walkthrough/[0-9a-f]{32}$", task);
        Assert.Equal("RUNNING", lines["STATUS"]);
        Assert.Equal($"Stevedore: container web of task {task[(task.LastIndexOf('/') + 1)..]} started (simulated; execution role "
            + "arn:aws:iam::000000000000:role/ecsTaskExecutionRole)", lines["LOG"]);
    }
}
