namespace Stevedore.LaunchPlan.Context;

/// <summary>Fargate platform and container agent versions.</summary>
public static class PlatformVersions
{
    /// <summary>What <c>LATEST</c> means for Fargate on Linux.</summary>
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html
    public static readonly Version FargateLatest = new(1, 4, 0);

    /// <summary>The agent version assumed when none is given (the reference sheet's snapshot).</summary>
    public static readonly Version AgentCurrent = new(1, 105, 1);

    /// <summary>The Fargate platform version, <c>LATEST</c> (or none) resolved; null when the text is not a version.</summary>
    public static Version? Fargate(string? text) =>
        string.IsNullOrEmpty(text) || text.Equals("LATEST", StringComparison.OrdinalIgnoreCase) ? FargateLatest : Parse(text);

    /// <summary>The agent version (a leading <c>v</c> allowed); the current one when none is given; null when not a version.</summary>
    public static Version? Agent(string? text) => string.IsNullOrEmpty(text) ? AgentCurrent : Parse(text);

    private static Version? Parse(string text)
    {
        var trimmed = text.StartsWith('v') ? text[1..] : text;
        return Version.TryParse(trimmed, out var version) ? new Version(version.Major, version.Minor, Math.Max(0, version.Build)) : null;
    }
}
