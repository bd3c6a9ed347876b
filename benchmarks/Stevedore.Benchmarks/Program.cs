using BenchmarkDotNet.Running;
using Stevedore.Benchmarks;

// dotnet run -c Release --project benchmarks/Stevedore.Benchmarks -- throughput [--seconds 2] [--runs 5]
// dotnet run -c Release --project benchmarks/Stevedore.Benchmarks -- --filter '*' [--job short]
if (args.Length > 0 && args[0] == "throughput")
{
    return Throughput.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Scenario).Assembly).Run(args);
return 0;
