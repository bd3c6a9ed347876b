using System.Text.Json;
using Stevedore.Cli;

namespace Stevedore.Policy.Tests.Cli;

/// <summary>Runs <c>stevedore</c> in-process against policy files written to a temporary folder.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stevedore-cli-").FullName;

    public string File(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    public string MissingFile => Path.Combine(_dir, "does-not-exist.json");

    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Program.Run(args, output, error);
        return new CliResult(exitCode, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] Lines => Out.TrimEnd('\n').Split('\n');

    public JsonElement Json => JsonDocument.Parse(Out).RootElement;
}
