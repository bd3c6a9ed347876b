using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>Runs <c>botocore_oracle.py</c> (botocore's own serializer and parser) on a batch of requests.</summary>
internal static class BotocoreOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static JsonArray Run(JsonArray requests)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath());
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.StandardInput.Write(requests.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("botocore_oracle.py did not finish in " + Timeout);
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore_oracle.py failed ({process.ExitCode}): {stderr.Result}");
        }
        var results = JsonNode.Parse(stdout.Result)!.AsArray();
        foreach (var r in results)
        {
            if (r!["exception"] is { } e)
            {
                throw new InvalidOperationException("botocore: " + e);
            }
        }
        return results;
    }

    public static JsonObject Serialize(string service, string operation, JsonObject parameters) =>
        new() { ["cmd"] = "serialize", ["service"] = service, ["operation"] = operation, ["params"] = parameters };

    public static JsonObject Parse(string service, string operation, byte[] body, int status = 200) =>
        new()
        {
            ["cmd"] = "parse",
            ["service"] = service,
            ["operation"] = operation,
            ["status"] = status,
            ["body"] = System.Text.Encoding.UTF8.GetString(body),
        };

    /// <summary>A parse request with the response's headers (REST protocols bind output members to headers).</summary>
    public static JsonObject Parse(string service, string operation, byte[] body, IEnumerable<KeyValuePair<string, string>> headers, int status = 200)
    {
        var request = Parse(service, operation, body, status);
        var map = new JsonObject();
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }

        request["headers"] = map;
        return request;
    }

    private static string ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Stevedore.Aws.Tests", "Protocols", "botocore_oracle.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("botocore_oracle.py not found above " + AppContext.BaseDirectory);
    }
}
