namespace Stevedore.Server.Tests.Robustness;

/// <summary>How many random inputs each operation gets, and from which draw.</summary>
internal static class RobustnessRuns
{
    /// <summary>40 by default; more with <c>STEVEDORE_ROBUSTNESS_INPUTS</c> for a longer search.</summary>
    public static int InputsPerOperation { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("STEVEDORE_ROBUSTNESS_INPUTS"), out var n) ? n : 40;

    /// <summary>Other draws with <c>STEVEDORE_ROBUSTNESS_SEED</c>; the same inputs in every run otherwise.</summary>
    private static int Offset { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("STEVEDORE_ROBUSTNESS_SEED"), out var s) ? s : 0;

    /// <summary>A seed per operation that is the same in every run (string.GetHashCode is not).</summary>
    public static int Seed(string operation) => operation.Aggregate(17, (hash, ch) => unchecked((hash * 31) + ch)) + Offset;
}
