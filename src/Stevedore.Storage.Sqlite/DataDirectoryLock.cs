namespace Stevedore.Storage.Sqlite;

/// <summary>
/// One process at a time owns a file store: an exclusive lock on <c>stevedore.db.lock</c> beside the database, held while
/// the store is open and released by the kernel when the process ends (even by SIGKILL). The store caches reads
/// (<see cref="ReadCache"/>) and so must be the database's only writer.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream file;

    private DataDirectoryLock(FileStream file) => this.file = file;

    /// <summary>Takes the lock of the database at <paramref name="databasePath"/>, or throws <see cref="StoreInUseException"/>.</summary>
    public static DataDirectoryLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreInUseException(
                $"The data directory '{Path.GetDirectoryName(databasePath)}' is in use by another Stevedore process (lock '{path}'). " +
                "Stop that process, or give this one another --data-dir (or --ephemeral).", error);
        }
    }

    public void Dispose() => file.Dispose();
}

/// <summary>The file store is open in another process (or another store in this one).</summary>
public sealed class StoreInUseException(string message, Exception inner) : InvalidOperationException(message, inner);
