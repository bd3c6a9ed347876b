using Stevedore.Storage.Sqlite;

namespace Stevedore.Storage.Tests;

/// <summary>The contract on a SQLite file in a fresh temporary directory.</summary>
public sealed class SqliteFileStateStoreTests : StateStoreContract
{
    private readonly TempDirectory directory = new();

    protected override IStateStore CreateStore(TimeProvider clock) =>
        SqliteStateStore.OpenFile(directory.Path, new SqliteStoreOptions { Clock = clock });

    protected override void DisposeBackend() => directory.Dispose();
}

/// <summary>The contract on an in-memory SQLite store (<c>--ephemeral</c>).</summary>
public sealed class SqliteMemoryStateStoreTests : StateStoreContract
{
    protected override IStateStore CreateStore(TimeProvider clock) =>
        SqliteStateStore.OpenInMemory(new SqliteStoreOptions { Clock = clock });
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stevedore-storage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
