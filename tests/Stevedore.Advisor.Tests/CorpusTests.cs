using System.Text.Json;

namespace Stevedore.Advisor.Tests;

/// <summary>
/// Each folder under <c>Corpus/</c>: <c>task.json</c> or a CloudFormation <c>template.yaml</c>/<c>template.json</c>, optional <c>trust.json</c>, <c>policy*.json</c>, <c>args.txt</c>
/// (more arguments, one per line: managed policy ARNs as <c>--policy ARN</c>, launch context), and <c>expected.txt</c>
/// (the golden: the exit code, then one <c>level code jsonPath</c> line per finding, sorted). Set
/// <c>STEVEDORE_UPDATE_GOLDEN=1</c> to rewrite the goldens (then review the diff).
/// </summary>
public sealed class CorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> Cases() => [.. Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Findings_match_the_golden(string name)
    {
        var dir = Path.Combine(Root, name);
        var input = new[] { "task.json", "template.yaml", "template.json" }.Select(f => Path.Combine(dir, f)).First(File.Exists);
        var args = new List<string> { "check", input, "--format", "json" };
        if (File.Exists(Path.Combine(dir, "trust.json")))
        {
            args.AddRange(["--trust-policy", Path.Combine(dir, "trust.json")]);
        }

        foreach (var policy in Directory.GetFiles(dir, "policy*.json").Order(StringComparer.Ordinal))
        {
            args.AddRange(["--policy", policy]);
        }

        if (File.Exists(Path.Combine(dir, "args.txt")))
        {
            // A file of the case (boundary.json …) is named relative to the case's folder.
            args.AddRange(File.ReadAllLines(Path.Combine(dir, "args.txt")).Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => File.Exists(Path.Combine(dir, l)) ? Path.Combine(dir, l) : l));
        }

        var result = Cli.Run([.. args]);
        Assert.True(result.ExitCode is 0 or 1, result.Err);
        var tasks = result.Json.GetProperty("tasks").EnumerateArray().ToList();
        var findings = tasks.SelectMany(t => t.GetProperty("findings").EnumerateArray().Select(f =>
                (tasks.Count > 1 ? $"[{t.GetProperty("family").GetString()}] " : "") + $"{f.GetProperty("level").GetString()} {f.GetProperty("code").GetString()} {Text(f, "policy")}{Text(f, "jsonPath")}".TrimEnd()))
            .Order(StringComparer.Ordinal);
        var actual = string.Join("\n", new[] { $"exit {result.ExitCode}" }.Concat(findings)) + "\n";

        var golden = Path.Combine(dir, "expected.txt");
        if (Environment.GetEnvironmentVariable("STEVEDORE_UPDATE_GOLDEN") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Corpus", name, "expected.txt"));
            File.WriteAllText(source, actual);
            return;
        }

        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), actual);
    }

    private static string Text(JsonElement finding, string name) =>
        finding.GetProperty(name).GetString() is { } value ? (name == "policy" ? value + ":" : value) : "";
}
