using System.Diagnostics;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Durability;

/// <summary>A real <c>stevedore serve</c> process stops cleanly on SIGTERM (as sent by docker stop, systemd, Kubernetes).</summary>
public sealed class ServerShutdownTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    // Generous: a clean stop takes well under a second; this only catches a hang or a wait for a shutdown timeout.
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_exits_0_promptly_with_keep_alive_connections_open_and_keeps_acknowledged_writes()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-sigterm-").FullName;
        var names = Enumerable.Range(1, 3).Select(i => $"sigterm-role-{i}").ToList();

        using (var server = ServerCrashTests.Serve(dataDir, out var url))
        {
            try
            {
                foreach (var name in names)
                {
                    StevedoreFixture.AwsAt(url, Credentials.Root, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", Trust).Succeeded();
                }

                // Idle keep-alive connections must not hold the shutdown.
                using var client = new HttpClient();
                for (var i = 0; i < 3; i++)
                {
                    (await client.GetAsync(new Uri($"{url}/_stevedore/health"))).EnsureSuccessStatusCode();
                }

                var stopwatch = Stopwatch.StartNew();
                SendSigterm(server.Id);
                var exited = server.WaitForExit(ExitBound);

                Assert.True(exited, $"stevedore serve still running {ExitBound.TotalSeconds} s after SIGTERM");
                Assert.Equal(0, server.ExitCode);
                Assert.True(stopwatch.Elapsed < ExitBound);
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill();
                    server.WaitForExit();
                }
            }
        }

        using var restarted = ServerCrashTests.Serve(dataDir, out var url2);
        try
        {
            var listed = StevedoreFixture.AwsAt(url2, Credentials.Root, "iam", "list-roles").Succeeded().Json["Roles"]!.AsArray()
                .Select(r => r!["RoleName"]!.GetValue<string>()).ToList();
            Assert.All(names, name => Assert.Contains(name, listed));
        }
        finally
        {
            restarted.Kill();
            restarted.WaitForExit();
        }
    }

    private static void SendSigterm(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
