using BenchmarkDotNet.Attributes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Benchmarks;

/// <summary>
/// <see cref="PolicyCompiler.Compile(string, PolicyType, string)"/>: parse + validate + compile.
/// Target: &lt; 50 µs for the ~6 KB policy. Parse-only and the small managed policy are for comparison.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private string _large = null!;
    private string _managed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _large = Scenario.LargePolicy;
        _managed = Scenario.ManagedPolicy;

        // Fail loudly if the policy does not validate: timing an error path would be meaningless.
        var compiled = PolicyCompiler.Compile(_large, PolicyType.Identity, "platform-team");
        if (compiled.Statements.Length < 20)
        {
            throw new InvalidOperationException("the large policy lost statements");
        }
    }

    [Benchmark]
    public CompiledPolicy CompileLarge6KB() => PolicyCompiler.Compile(_large, PolicyType.Identity, "platform-team");

    [Benchmark]
    public ParseResult ParseAndValidateLarge6KB() => PolicyParser.Parse(_large, PolicyType.Identity);

    [Benchmark]
    public CompiledPolicy CompileManaged() => PolicyCompiler.Compile(_managed, PolicyType.Identity, "managed");
}
