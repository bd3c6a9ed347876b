using System.Diagnostics;
using System.Text.RegularExpressions;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Durability;

/// <summary>A real <c>stevedore serve</c> process killed with SIGKILL keeps every write it acknowledged.</summary>
public sealed partial class ServerCrashTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public void Acknowledged_creates_survive_kill_9()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-crash-").FullName;
        var names = Enumerable.Range(1, 5).Select(i => $"crash-role-{i}").ToList();

        using (var server = Serve(dataDir, out var url))
        {
            foreach (var name in names)
            {
                StevedoreFixture.AwsAt(url, Credentials.Root, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", Trust).Succeeded();
            }

            server.Kill(); // SIGKILL on Unix: no shutdown hooks, no flush
            server.WaitForExit();
        }

        using var restarted = Serve(dataDir, out var url2);
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

    [Fact]
    public async Task A_second_serve_on_the_same_data_directory_is_refused_with_exit_2_and_the_first_keeps_serving()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-owner-").FullName;
        using var first = Serve(dataDir, out var url);
        try
        {
            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "serve", "--port", "0", "--data-dir", dataDir })
            {
                start.ArgumentList.Add(arg);
            }

            using var second = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var error = await second.StandardError.ReadToEndAsync(timeout.Token);
            await second.WaitForExitAsync(timeout.Token);
            Assert.Equal(2, second.ExitCode);
            Assert.Contains("is in use by another Stevedore process", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace

            StevedoreFixture.AwsAt(url, Credentials.Root, "iam", "create-role", "--role-name", "still-served", "--assume-role-policy-document", Trust).Succeeded();
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
    }

    /// <summary>
    /// The binary the process tests run: <c>STEVEDORE_BINARY</c> when set (CI sets it to the ahead-of-time compiled
    /// <c>dotnet publish</c> output, the binary users run), else the build output next to the tests.
    /// </summary>
    internal static string Binary =>
        Environment.GetEnvironmentVariable("STEVEDORE_BINARY") is { Length: > 0 } published ? published : Path.Combine(AppContext.BaseDirectory, "stevedore");

    /// <summary>Starts <c>stevedore serve</c> on a free port over <paramref name="dataDir"/>; returns once it reports its endpoint.</summary>
    internal static Process Serve(string dataDir, out string url, bool ephemeral = false)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in ephemeral ? ["serve", "--port", "0", "--ephemeral"] : new[] { "serve", "--port", "0", "--data-dir", dataDir })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"serve exited: {process.StandardError.ReadToEnd()}");
            if (Listening().Match(line) is { Success: true } match)
            {
                url = match.Groups[1].Value;
                _ = process.StandardOutput.ReadToEndAsync(); // keep draining the request log
                return process;
            }
        }

        process.Kill();
        throw new TimeoutException("stevedore serve did not report its endpoint");
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
