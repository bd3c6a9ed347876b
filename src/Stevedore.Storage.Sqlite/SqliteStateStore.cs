using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// <see cref="IStateStore"/> on SQLite.
/// <para>
/// On a file (<see cref="OpenFile"/>): WAL journal; every acknowledged transaction has been fsynced to the WAL and
/// survives a process kill or a power cut. The fsync is a group commit (<see cref="WalGroupCommit"/>): a write outside a
/// <see cref="DeferDurability"/> scope returns after it, a write inside one when the scope ends. One writer connection, used under a lock, runs every write transaction as
/// <c>BEGIN IMMEDIATE … COMMIT</c> (so even a second process on the same file is serialized
/// by SQLite's own lock, waiting up to the busy timeout); reads use a pool of read-only
/// connections that run concurrently with the writer and see the last committed state.
/// </para>
/// <para>
/// In memory (<see cref="OpenInMemory"/>): one private in-memory connection does everything
/// under the lock. It lives as long as the store (so the data does), and with a single
/// connection there are no shared-cache table locks to contend with.
/// </para>
/// <para>
/// Either way, reads outside transactions are answered from a <see cref="ReadCache"/> while no write has touched their
/// collection, so concurrent requests neither queue on the lock nor re-read unchanged pages.
/// </para>
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    /// <summary>The database file's name under the data directory.</summary>
    public const string FileName = "stevedore.db";

    private readonly Lock writeLock = new();
    private readonly SqliteSession writer;
    private readonly ConcurrentBag<SqliteSession> readers = [];
    private readonly string? readerConnectionString;
    private readonly TimeProvider clock;
    private readonly int busyTimeoutMilliseconds;
    private readonly int maxPooledReaders;
    private readonly ReadCache readCache = new();
    private DataDirectoryLock? ownership;
    private WalGroupCommit? groupCommit;
    private int pooledReaders;
    private SqliteTransactionScope? active;
    private long lastVersion = -1; // the version counter as of the last commit, once a transaction has read it
    private bool disposed;

    private SqliteStateStore(SqliteConnection writerConnection, string? readerConnectionString, SqliteStoreOptions options)
    {
        clock = options.Clock ?? TimeProvider.System;
        busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        maxPooledReaders = options.MaxPooledReaders;
        this.readerConnectionString = readerConnectionString;
        writer = new SqliteSession(writerConnection);
    }

    /// <summary>The database file, or null when in memory.</summary>
    public string? FilePath { get; private init; }

    /// <summary>Opens (creating or migrating as needed) <c>stevedore.db</c> under <paramref name="dataDirectory"/>.</summary>
    public static SqliteStateStore OpenFile(string dataDirectory, SqliteStoreOptions? options = null)
    {
        options ??= new SqliteStoreOptions();
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var ownership = DataDirectoryLock.Acquire(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        SqliteConnection? connection = null;
        try
        {
            connection = Open(builder.ToString());
            var journal = Scalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(journal as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for '{path}' (journal mode is '{journal}').");
            }

            var store = new SqliteStateStore(connection, builder.ToString(), options)
            {
                FilePath = path,
                groupCommit = new WalGroupCommit(path + "-wal"),
                ownership = ownership,
            };
            store.Configure(connection, reader: false);
            SqliteSchema.Apply(connection);
            return store;
        }
        catch
        {
            connection?.Dispose();
            ownership.Dispose();
            throw;
        }
    }

    /// <summary>Opens an empty store that lives in memory until disposed (<c>--ephemeral</c>).</summary>
    public static SqliteStateStore OpenInMemory(SqliteStoreOptions? options = null)
    {
        options ??= new SqliteStoreOptions();
        // The memdb VFS (one flat buffer), not ":memory:": an in-memory pager keeps every page in its page cache and
        // scans that cache on each commit, so commits got slower as the database grew. https://sqlite.org/c3ref/deserialize.html
        var name = "/stevedore-" + Guid.NewGuid().ToString("N");
        var connection = Open($"Data Source=file:{name}?vfs=memdb;Pooling=False");
        try
        {
            var store = new SqliteStateStore(connection, null, options);
            store.Configure(connection, reader: false);
            SqliteSchema.Execute(connection, "PRAGMA journal_mode = MEMORY");
            SqliteSchema.Execute(connection, "PRAGMA synchronous = OFF");
            SqliteSchema.Execute(connection, "PRAGMA cache_size = -16384");
            MemdbSizeLimit.Set(connection, MemdbSizeLimit.Unbounded);
            SqliteSchema.Apply(connection);
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The memdb size cap of an in-memory store, in bytes (for tests).</summary>
    internal long InMemorySizeLimit()
    {
        lock (writeLock)
        {
            return MemdbSizeLimit.Get(writer.Connection);
        }
    }

    public StoredItem? Get(ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var collection = key.Collection;
        return Cached(readCache.Item(collection, key.NormalizedName), key, key, static (session, key) => session.Get(key));
    }

    public StoredItem? GetByAlias(CollectionKey collection, string alias) =>
        Cached(collection, ("alias", alias), (collection, alias), static (session, args) => session.GetByAlias(args.collection, args.alias));

    public ItemPage List(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Cached(query.Collection, query, query, static (session, query) => session.List(query));
    }

    public long Count(CollectionKey collection, string? namePrefix = null) =>
        Cached(collection, ("count", namePrefix), (collection, namePrefix), static (session, args) => session.Count(args.collection, args.namePrefix));

    public T Read<T>(Func<IStoreReader, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WithReader(work, static (session, work) =>
        {
            session.Execute("BEGIN");
            var snapshot = new SqliteSnapshot(session);
            try
            {
                var result = work(snapshot);
                session.Execute("COMMIT");
                return result;
            }
            catch
            {
                session.Execute("ROLLBACK");
                throw;
            }
            finally
            {
                snapshot.Close();
            }
        });
    }

    public void Write(Action<IStoreTransaction> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Write(tx =>
        {
            work(tx);
            return 0;
        });
    }

    public IDisposable DeferDurability() => groupCommit?.Open() ?? NoDurabilityScope.Instance;

    /// <summary>How many times the WAL has been fsynced (0 in memory); for tests of the group commit.</summary>
    public long DurableSyncCount => groupCommit?.SyncCount ?? 0;

    public T Write<T>(Func<IStoreTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (result, sequence) = Commit(work);
        groupCommit?.AfterCommit(sequence);
        return result;
    }

    private (T Result, long Sequence) Commit<T>(Func<IStoreTransaction, T> work)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (active is not null)
            {
                throw new InvalidOperationException("Write transactions do not nest; use the transaction already open.");
            }

            writer.Execute("BEGIN IMMEDIATE");
            var scope = new SqliteTransactionScope(writer, clock, lastVersion);
            active = scope;
            try
            {
                var result = work(scope);
                scope.Flush();
                writer.Execute("COMMIT");
                lastVersion = scope.LastVersion; // this process is the only writer (DataDirectoryLock), so it stays true
                readCache.Invalidate(scope.Touched); // after the commit, still under the lock: see ReadCache
                readCache.InvalidateItems(scope.Written);
                return (result, groupCommit?.Committed() ?? 0);
            }
            catch
            {
                try
                {
                    writer.Execute("ROLLBACK");
                }
                catch (SqliteException)
                {
                    // SQLite may already have rolled back (for example after an I/O error).
                }

                // Had SQLite rolled back on its own and the work gone on, its later statements committed one by one:
                // read the counter again and forget what the work touched rather than trust either.
                lastVersion = -1;
                readCache.Invalidate(scope.Touched);
                readCache.InvalidateItems(scope.Written);
                throw;
            }
            finally
            {
                scope.Close();
                active = null;
            }
        }
    }

    public void Dispose()
    {
        lock (writeLock)
        {
            if (disposed)
            {
                return;
            }

            Volatile.Write(ref disposed, true);
            while (readers.TryTake(out var reader))
            {
                reader.Dispose();
            }

            writer.Dispose();
            groupCommit?.Dispose();
            ownership?.Dispose();
        }
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Configure(SqliteConnection connection, bool reader)
    {
        // PRAGMA arguments cannot be bound; these are integers and fixed keywords, not input.
        SqliteSchema.Execute(connection, $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}");
        // Pages of the database file read through a shared mapping, not copied by a read() each time a cache goes
        // stale (a WAL reader drops its whole page cache whenever another connection has committed). https://sqlite.org/mmap.html
        SqliteSchema.Execute(connection, "PRAGMA mmap_size = 268435456");
        if (reader)
        {
            SqliteSchema.Execute(connection, "PRAGMA query_only = ON");
        }
        else
        {
            // NORMAL: a commit does not fsync; WalGroupCommit does, once for every writer waiting (file stores).
            SqliteSchema.Execute(connection, "PRAGMA synchronous = NORMAL");
            SqliteSchema.Execute(connection, "PRAGMA foreign_keys = OFF");
            SqliteSchema.Execute(connection, "PRAGMA cache_size = -16384"); // the writer's cache stays valid across its commits
        }
    }

    /// <summary>A read outside transactions, answered from the read cache when it can be.</summary>
    private TResult Cached<TArg, TResult>(CollectionKey collection, object cacheKey, TArg arg, Func<SqliteSession, TArg, TResult> read) =>
        Cached(null, collection, cacheKey, arg, read);

    private TResult Cached<TArg, TResult>(ReadCache.Generation slot, object cacheKey, TArg arg, Func<SqliteSession, TArg, TResult> read) =>
        Cached(slot, null, cacheKey, arg, read);

    private TResult Cached<TArg, TResult>(ReadCache.Generation? slot, CollectionKey? collection, object cacheKey, TArg arg, Func<SqliteSession, TArg, TResult> read)
    {
        if (writeLock.IsHeldByCurrentThread && active is not null)
        {
            throw new InvalidOperationException("Inside a write transaction, read through the transaction.");
        }

        // The generation is taken before the database is read (see ReadCache).
        var generation = slot ?? readCache.Current(collection!);
        if (generation.TryGet(cacheKey, out TResult answer))
        {
            return answer;
        }

        answer = WithReader(arg, read);
        generation.Add(cacheKey, answer);
        return answer;
    }

    private TResult WithReader<TArg, TResult>(TArg arg, Func<SqliteSession, TArg, TResult> read)
    {
        if (readerConnectionString is null)
        {
            lock (writeLock)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (active is not null)
                {
                    throw new InvalidOperationException("Inside a write transaction, read through the transaction.");
                }

                return read(writer, arg);
            }
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed), this);
        var session = RentReader();
        try
        {
            return read(session, arg);
        }
        finally
        {
            ReturnReader(session);
        }
    }

    private SqliteSession RentReader()
    {
        if (readers.TryTake(out var session))
        {
            Interlocked.Decrement(ref pooledReaders);
            return session;
        }

        var connection = Open(readerConnectionString!);
        try
        {
            Configure(connection, reader: true);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteSession(connection);
    }

    private void ReturnReader(SqliteSession session)
    {
        if (Interlocked.Increment(ref pooledReaders) <= maxPooledReaders && !Volatile.Read(ref disposed))
        {
            readers.Add(session);
            if (Volatile.Read(ref disposed) && readers.TryTake(out var stale))
            {
                // Disposed meanwhile: Dispose may have drained the pool before the Add.
                stale.Dispose();
            }

            return;
        }

        Interlocked.Decrement(ref pooledReaders);
        session.Dispose();
    }
}

/// <summary>Options of <see cref="SqliteStateStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The clock for item timestamps; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>How long a statement waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Idle read connections kept open (file stores only).</summary>
    public int MaxPooledReaders { get; init; } = Math.Max(4, Environment.ProcessorCount * 2);
}
