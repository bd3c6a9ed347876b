using System.Diagnostics;
using System.Globalization;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Benchmarks;

/// <summary>
/// Decisions/s of the fast path on one thread, bounded in time, printed the way <c>tests/oracle/bench.mjs</c> prints
/// iam-simulate's figures so the two compare directly: per request kind, then bench.mjs's three-request
/// round-robin mix (full policy set and --inline-only).
/// </summary>
/// <remarks>Usage: <c>throughput [--seconds 2] [--runs 5]</c>. Total time ≈ 6 × (0.5 + runs × seconds).</remarks>
public static class Throughput
{
    private const int Batch = 4096;

    public static int Run(string[] args)
    {
        var seconds = Math.Clamp(Option(args, "--seconds", 2.0), 0.1, 10);
        var runs = (int)Math.Clamp(Option(args, "--runs", 5.0), 1, 15);

        var workloads = new List<(string Label, (AuthorizationRequest Request, PolicySet Policies, DecisionKind Expected)[] Items)>();
        foreach (var kind in Enum.GetValues<RequestKind>())
        {
            workloads.Add((kind.ToString(), [Scenario.Build(kind)]));
        }

        workloads.Add(("bench.mjs mix (3 requests, full set)", Scenario.BenchMjsMix(inlineOnly: false)));
        workloads.Add(("bench.mjs mix (3 requests, --inline-only)", Scenario.BenchMjsMix(inlineOnly: true)));

        Console.WriteLine("Stevedore Authorizer.Authorize decisions/s, ECS task execution role scenario");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {runs} runs x {seconds}s per workload, single thread");
        foreach (var (label, items) in workloads)
        {
            foreach (var (request, policies, expected) in items)
            {
                Scenario.Check(request, policies, expected, label);
            }

            var requests = items.Select(i => i.Request).ToArray();
            var sets = items.Select(i => i.Policies).ToArray();
            Measure(requests, sets, Math.Min(0.5, seconds)); // warm-up: tiered JIT reaches the optimised code
            var rates = new double[runs];
            for (var r = 0; r < runs; r++)
            {
                rates[r] = Measure(requests, sets, seconds);
            }

            var runsText = string.Join(", ", rates.Select(x => Math.Round(x).ToString("N0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-42} median {Median(rates),14:N0} decisions/s  {1e9 / Median(rates),7:F1} ns/decision  (runs: {runsText})"));
        }

        return 0;
    }

    /// <summary>Runs the requests round-robin for <paramref name="seconds"/>; returns decisions/s.</summary>
    private static double Measure(AuthorizationRequest[] requests, PolicySet[] sets, double seconds)
    {
        var n = requests.Length;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        long count = 0;
        var allowed = 0;
        long now;
        do
        {
            for (var k = 0; k < Batch; k++)
            {
                var i = k % n;
                if (Authorizer.Authorize(requests[i], sets[i]).IsAllowed)
                {
                    allowed++;
                }
            }

            count += Batch;
            now = Stopwatch.GetTimestamp();
        }
        while (now < deadline);

        GC.KeepAlive(allowed);
        return count / ((now - start) / (double)Stopwatch.Frequency);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }
}
