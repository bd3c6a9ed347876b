using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Stevedore.Policy.Tests.Differential;

/// <summary>Runs tests/oracle/oracle.mjs (iam-simulate, AGPL) as an external process: JSON Lines in, JSON Lines out.</summary>
public static class OracleProcess
{
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Stevedore.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Stevedore.slnx not found above the test output");
        }
    }

    public static string OracleDirectory => Path.Combine(RepositoryRoot, "tests", "oracle");

    /// <summary>Whether `npm ci` has been run in tests/oracle (.ci/run does it).</summary>
    public static bool IsInstalled => Directory.Exists(Path.Combine(OracleDirectory, "node_modules", "@cloud-copilot", "iam-simulate"));

    public static IReadOnlyList<JsonObject> Run(IEnumerable<JsonObject> cases)
    {
        var input = new StringBuilder();
        foreach (var c in cases)
        {
            input.Append(c.ToJsonString()).Append('\n');
        }

        var inputPath = Path.GetTempFileName();
        File.WriteAllText(inputPath, input.ToString());
        try
        {
            var start = new ProcessStartInfo("node", ["oracle.mjs"])
            {
                WorkingDirectory = OracleDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var writer = Task.Run(() =>
            {
                using var stdin = process.StandardInput;
                stdin.Write(File.ReadAllText(inputPath));
            });
            var results = new List<JsonObject>();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                results.Add(JsonNode.Parse(line)!.AsObject());
            }

            writer.Wait(TimeSpan.FromMinutes(2));
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("oracle.mjs did not finish in time");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"oracle.mjs exited {process.ExitCode}: {stderr.Result}");
            }

            return results;
        }
        finally
        {
            File.Delete(inputPath);
        }
    }
}
