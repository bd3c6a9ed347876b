using System.Diagnostics;
using System.Text.Json.Nodes;
using Stevedore.Server.Hosting;

namespace Stevedore.Server.Tests.Infrastructure;

/// <summary>
/// A real server on 127.0.0.1 (an ephemeral port, state in memory) driven by real clients: the AWS CLI,
/// boto3 (python3) and the AWS SDK for .NET. One per test class; tests use their own entity names.
/// </summary>
public sealed class StevedoreFixture : IAsyncLifetime
{
    private readonly StringWriter _log = new();
    private CloudComposition? _cloud;

    public Uri Endpoint => _cloud!.Server.Endpoint;

    public string EndpointUrl => Endpoint.ToString().TrimEnd('/');

    /// <summary>The request log so far (lines are written by a background task: this waits for them).</summary>
    public string Log
    {
        get
        {
            _cloud!.FlushLogAsync().GetAwaiter().GetResult();
            return _log.ToString();
        }
    }

    /// <summary>The server's state, for seeding records no operation creates yet.</summary>
    public Stevedore.Storage.IStateStore Store => _cloud!.Store;

    /// <summary>A second account (for cross-account cases), with keys test2/test2.</summary>
    public const string OtherAccount = "111111111111";

    public async Task InitializeAsync()
    {
        var config = Path.Combine(Path.GetTempPath(), $"stevedore-test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, $$"""{"accounts": [{"id": "{{OtherAccount}}", "accessKeyId": "test2", "secretAccessKey": "test2"}]}""");
        _cloud = await CloudComposition.StartAsync(new ServerOptions(Port: 0, Ephemeral: true, ConfigPath: config), TextWriter.Synchronized(_log));
    }

    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    /// <summary>Runs the AWS CLI with JSON output; returns exit code, stdout and stderr.</summary>
    public CliResult Aws(params string[] args) => Aws(Credentials.Root, args);

    public CliResult Aws(Credentials credentials, params string[] args) => AwsAt(EndpointUrl, credentials, args);

    /// <summary>Runs the AWS CLI against any endpoint (for tests that start their own server).</summary>
    public static CliResult AwsAt(string endpointUrl, Credentials credentials, params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--endpoint-url", endpointUrl, "--output", "json" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        Environment(start, credentials, endpointUrl);
        return Run(start);
    }

    /// <summary>Runs a python3 script (boto3 available) with the endpoint in AWS_ENDPOINT_URL; <paramref name="arguments"/> are its sys.argv[1:].</summary>
    public CliResult Python(string script, Credentials? credentials = null, IReadOnlyList<string>? arguments = null) =>
        PythonAt(EndpointUrl, script, credentials, arguments);

    /// <summary>Runs a python3 script (boto3 available) against any endpoint (for tests that start their own server).</summary>
    public static CliResult PythonAt(string endpointUrl, string script, Credentials? credentials = null, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-");
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        Environment(start, credentials ?? Credentials.Root, endpointUrl);
        return Run(start, script);
    }

    private static void Environment(ProcessStartInfo start, Credentials credentials, string endpointUrl)
    {
        start.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        if (credentials.SessionToken is { } token)
        {
            start.Environment["AWS_SESSION_TOKEN"] = token;
        }
        else
        {
            start.Environment.Remove("AWS_SESSION_TOKEN");
        }

        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_ENDPOINT_URL"] = endpointUrl;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_PAGER"] = "";
    }

    private static CliResult Run(ProcessStartInfo start, string? input = null)
    {
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish in 60 s");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Access keys to call with.</summary>
public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public static Credentials Root { get; } = new("test", "test");

    public static Credentials OtherRoot { get; } = new("test2", "test2");
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException($"no JSON output; stderr: {Stderr}");

    public CliResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Stderr}{Stdout}");
        return this;
    }

    /// <summary>Asserts the CLI failed with this AWS error code (the CLI prints "An error occurred (Code) when calling …").</summary>
    public CliResult FailedWith(string code)
    {
        Assert.True(ExitCode != 0, $"expected {code}, but the call succeeded: {Stdout}");
        Assert.Contains($"({code})", Stderr, StringComparison.Ordinal);
        return this;
    }
}
