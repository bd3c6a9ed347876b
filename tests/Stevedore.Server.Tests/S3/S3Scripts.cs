using System.Runtime.CompilerServices;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>Runs a boto3 script after the shared S3 prelude; the script asserts and prints "ok".</summary>
internal static class S3Scripts
{
    public static void Run(StevedoreFixture stevedore, string script)
    {
        var prelude = File.ReadAllText(Path.Combine(SourceDirectory(), "s3_prelude.py"));
        var result = stevedore.Python(prelude + "\n" + script + "\nprint('ok')\n").Succeeded();
        Assert.EndsWith("ok", result.Stdout.Trim(), StringComparison.Ordinal);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
