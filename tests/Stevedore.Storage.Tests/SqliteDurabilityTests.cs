using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Stevedore.Storage.Sqlite;
using static Stevedore.Storage.Tests.TestKinds;

namespace Stevedore.Storage.Tests;

public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Writes_survive_dispose_and_reopen()
    {
        long version;
        using (var store = SqliteStateStore.OpenFile(directory.Path))
        {
            version = store.Write(tx =>
            {
                tx.Insert(RoleKey("Keep"), """{"k":1}""", "AROAKEEP");
                tx.Insert(RoleKey("Drop"), "{}");
                tx.NextSequenceValue("seq");
                return tx.Put(RoleKey("keep"), """{"k":2}""", "AROAKEEP").Version;
            });
            store.Write(tx => tx.Delete(RoleKey("Drop")));
        }

        using (var reopened = SqliteStateStore.OpenFile(directory.Path))
        {
            var item = reopened.Get(RoleKey("KEEP"));
            Assert.NotNull(item);
            Assert.Equal("keep", item.Key.Name);
            Assert.Equal("""{"k":2}""", item.Document);
            Assert.Equal(version, item.Version);
            Assert.Equal("keep", reopened.GetByAlias(Roles, "AROAKEEP")!.Key.Name);
            Assert.Null(reopened.Get(RoleKey("Drop")));
            Assert.Equal(1, reopened.Count(Roles));

            // Versions keep growing across restarts; sequences continue.
            var next = reopened.Write(tx => tx.Insert(RoleKey("New"), "{}"));
            Assert.True(next.Version > version);
            Assert.Equal(2, reopened.Write(tx => tx.NextSequenceValue("seq")));
        }
    }

    [Fact]
    public void The_file_is_in_wal_mode_with_the_schema_version_recorded_once()
    {
        using (SqliteStateStore.OpenFile(directory.Path))
        {
        }

        using (var store = SqliteStateStore.OpenFile(directory.Path))
        {
            Assert.Equal(Path.Combine(directory.Path, SqliteStateStore.FileName), store.FilePath);
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, SqliteStateStore.FileName)};Pooling=False");
        connection.Open();
        using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", journal.ExecuteScalar());
        using var versions = connection.CreateCommand();
        versions.CommandText = "SELECT group_concat(version) FROM schema_version";
        Assert.Equal("1", versions.ExecuteScalar());
    }

    [Fact]
    public void A_newer_schema_is_refused()
    {
        using (SqliteStateStore.OpenFile(directory.Path))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, SqliteStateStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, applied) VALUES (999, 0)";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<InvalidOperationException>(() => SqliteStateStore.OpenFile(directory.Path));
        Assert.Contains("999", e.Message);
    }

    [Fact]
    public void In_memory_stores_are_independent_and_vanish_on_dispose()
    {
        using var one = SqliteStateStore.OpenInMemory();
        using (var two = SqliteStateStore.OpenInMemory())
        {
            two.Write(tx => tx.Insert(RoleKey("a"), "{}"));
            Assert.Null(one.Get(RoleKey("a")));
        }

        using var three = SqliteStateStore.OpenInMemory();
        Assert.Null(three.Get(RoleKey("a")));
        Assert.Null(three.FilePath);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_9()
    {
        const int acknowledgementsBeforeKill = 300;
        var assembly = typeof(CrashWriter).Assembly.Location;
        var start = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[CrashWriter.DirectoryVariable] = directory.Path;

        var acknowledged = new List<string>();
        using (var child = Process.Start(start)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                string? line;
                while ((line = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
                {
                    if (line.StartsWith("ack ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(line[4..]);
                        if (acknowledged.Count == acknowledgementsBeforeKill)
                        {
                            // Process.Kill sends SIGKILL on Unix: no finalizers, no Dispose, no checkpoint.
                            child.Kill(entireProcessTree: true);
                            break;
                        }
                    }
                }

                if (acknowledged.Count != acknowledgementsBeforeKill)
                {
                    Assert.Fail($"the writer stopped after {acknowledged.Count} acknowledgements: {await stderr}");
                }

                // Acknowledgements already in the pipe when the kill landed count too.
                while ((line = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
                {
                    if (line.StartsWith("ack ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(line[4..]);
                    }
                }
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }

                await child.WaitForExitAsync(CancellationToken.None);
            }

            Assert.NotEqual(0, child.ExitCode);
            Assert.NotEqual(3, child.ExitCode);
        }

        // The kill left a WAL behind; opening recovers it.
        Assert.True(File.Exists(Path.Combine(directory.Path, SqliteStateStore.FileName + "-wal")));
        using var store = SqliteStateStore.OpenFile(directory.Path);
        var collection = CrashWriter.Collection;
        foreach (var n in acknowledged)
        {
            Assert.NotNull(store.Get(collection.Item($"a-{n}")));
            Assert.NotNull(store.Get(collection.Item($"b-{n}")));
            Assert.Equal($"a-{n}", store.GetByAlias(collection, $"alias-{n}")?.Key.Name);
        }

        // Transactions are atomic across the crash: a- and b- items and the counter agree.
        var a = store.Count(collection, "a-");
        Assert.Equal(a, store.Count(collection, "b-"));
        Assert.True(a >= acknowledged.Count);
        Assert.True(a <= acknowledged.Count + 1, $"{a} transactions stored, {acknowledged.Count} acknowledged");
        Assert.Equal(a.ToString(CultureInfo.InvariantCulture), store.Get(collection.Item("counter"))!.Document);
    }
}
