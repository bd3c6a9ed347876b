namespace Stevedore.Storage.Sqlite;

/// <summary>
/// Group commit for a file store. The writer connection runs with <c>synchronous=NORMAL</c> (WAL): a COMMIT appends its
/// frames to the WAL without an fsync (SQLite stays consistent after a crash, but may lose the latest commits), and this
/// class makes a commit durable by fsyncing the WAL file afterwards. One fsync covers every commit before it, so
/// writers waiting together share one (https://www.sqlite.org/pragma.html#pragma_synchronous: "WAL mode is always
/// consistent with synchronous=NORMAL, but WAL mode does lose durability"; fsync of any descriptor flushes the file).
/// </summary>
internal sealed class WalGroupCommit(string walPath) : IDisposable
{
    private readonly Lock syncLock = new();
    private readonly AsyncLocal<Scope?> current = new();
    private long committed;
    private long durable;
    private long syncs;
    private FileStream? wal;

    /// <summary>How many times the WAL was fsynced (for tests).</summary>
    public long SyncCount => Interlocked.Read(ref syncs);

    /// <summary>Numbers a commit that has just returned (call under the write lock, after COMMIT).</summary>
    public long Committed() => Interlocked.Increment(ref committed);

    /// <summary>After the write lock is released: waits for this commit to be durable, or leaves that to the open scope.</summary>
    public void AfterCommit(long sequence)
    {
        if (current.Value is { } scope)
        {
            scope.Last = Math.Max(scope.Last, sequence);
            return;
        }

        WaitDurable(sequence);
    }

    public IDisposable Open()
    {
        if (current.Value is not null)
        {
            return NoDurabilityScope.Instance;
        }

        var scope = new Scope(this);
        current.Value = scope;
        return scope;
    }

    public void Dispose()
    {
        lock (syncLock)
        {
            wal?.Dispose();
            wal = null;
        }
    }

    private void WaitDurable(long sequence)
    {
        lock (syncLock)
        {
            if (durable >= sequence)
            {
                return; // another writer's fsync came after this commit
            }

            // Every commit numbered so far has written its frames: one fsync makes all of them durable.
            var target = Interlocked.Read(ref committed);
            wal ??= new FileStream(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            wal.Flush(flushToDisk: true);
            syncs++;
            durable = target;
        }
    }

    private sealed class Scope(WalGroupCommit owner) : IDisposable
    {
        public long Last { get; set; }

        public void Dispose()
        {
            if (owner.current.Value != this)
            {
                return;
            }

            owner.current.Value = null;
            if (Last > 0)
            {
                owner.WaitDurable(Last);
            }
        }
    }
}
