using System.Globalization;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Storage.Tests;

/// <summary>
/// The child process of the crash test: opens the store in the given directory and writes
/// forever, printing <c>ack N</c> after transaction N has committed (each transaction inserts
/// two items and bumps a counter item), until the parent kills it with SIGKILL.
/// It runs inside this test assembly, started as <c>dotnet Stevedore.Storage.Tests.dll</c>
/// with <c>DOTNET_STARTUP_HOOKS</c> pointing at the same assembly (see <see cref="StartupHook"/>),
/// so it needs no project of its own.
/// </summary>
internal static class CrashWriter
{
    public const string DirectoryVariable = "STEVEDORE_CRASH_WRITER_DIRECTORY";

    public static readonly ResourceKind Kind = new("test/crash", CaseInsensitiveNames: false);

    public static CollectionKey Collection => new("000000000000", "", Kind);

    public static void Run(string directory)
    {
        using var store = SqliteStateStore.OpenFile(directory);
        var output = Console.Out;
        output.WriteLine("ready");
        output.Flush();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            var n = i.ToString("D7", CultureInfo.InvariantCulture);
            store.Write(tx =>
            {
                tx.Insert(Collection.Item($"a-{n}"), $"{{\"n\":{i}}}", $"alias-{n}");
                tx.Insert(Collection.Item($"b-{n}"), $"{{\"n\":{i}}}");
                var counter = tx.Get(Collection.Item("counter"));
                tx.Put(Collection.Item("counter"), (counter is null ? 1 : int.Parse(counter.Document, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
            });
            output.WriteLine($"ack {n}");
            output.Flush();
        }

        Environment.Exit(3);
    }
}
