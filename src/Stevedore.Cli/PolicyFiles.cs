using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cli;

/// <summary>Reads policy files; any failure is a <see cref="CliException"/> (exit code 2).</summary>
internal static class PolicyFiles
{
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Reads, validates and compiles; the policy is named by its file name in explanations.</summary>
    public static CompiledPolicy Compile(string path, PolicyType type)
    {
        var result = PolicyParser.Parse(Read(path), type);
        if (!result.Success)
        {
            throw new CliException($"{path} ({PolicyTypeNamesCli.Name(type)} policy): {result.FirstError}");
        }

        return PolicyCompiler.Compile(result.Document!, type, Path.GetFileName(path));
    }
}
