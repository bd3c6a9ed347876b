using System.Text.Json;
using Stevedore.Cli;

namespace Stevedore.Advisor.Tests;

/// <summary>Runs <c>stevedore</c> in-process with files in a temporary folder.</summary>
public sealed class Cli : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stevedore-advisor-").FullName;

    public string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string Dir => _dir;

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
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;
}
