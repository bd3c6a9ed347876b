using Stevedore.Storage.Tests;

#pragma warning disable CA1050 // The runtime looks the hook type up by this exact name, outside any namespace.

/// <summary>
/// A .NET startup hook (run before <c>Main</c> when <c>DOTNET_STARTUP_HOOKS</c> names this
/// assembly). The test host never sets it; the crash test does, to turn this test assembly into
/// the crash writer process.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var directory = Environment.GetEnvironmentVariable(CrashWriter.DirectoryVariable);
        if (!string.IsNullOrEmpty(directory))
        {
            CrashWriter.Run(directory);
        }
    }
}
