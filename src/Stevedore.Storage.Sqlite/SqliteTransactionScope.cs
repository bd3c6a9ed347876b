namespace Stevedore.Storage.Sqlite;

/// <summary>Reads of one snapshot on a rented reader connection.</summary>
internal class SqliteSnapshot(SqliteSession session) : IStoreReader
{
    private bool closed;

    protected SqliteSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(closed, this);
            return session;
        }
    }

    public StoredItem? Get(ResourceKey key) => Session.Get(key);

    public StoredItem? GetByAlias(CollectionKey collection, string alias) => Session.GetByAlias(collection, alias);

    public ItemPage List(ListQuery query) => Session.List(query);

    public long Count(CollectionKey collection, string? namePrefix = null) => Session.Count(collection, namePrefix);

    /// <summary>Makes the object unusable once its transaction has ended.</summary>
    public void Close() => closed = true;
}

/// <summary>One write transaction on the writer connection (the store holds its lock).</summary>
/// <param name="lastVersion">The store-wide version counter as of the last commit, when the store knows it (-1: read it).</param>
internal sealed class SqliteTransactionScope(SqliteSession session, TimeProvider clock, long lastVersion) : SqliteSnapshot(session), IStoreTransaction
{
    private readonly List<CollectionKey> touched = [];
    private readonly List<(CollectionKey Collection, string Name)> written = [];
    private bool versionChanged;

    /// <summary>The item this transaction last read or wrote, as it now is in the transaction (for an update right
    /// after its read, the usual read-modify-write, without reading the row a second time).</summary>
    private StoredItem? lastSeen;

    /// <summary>The collections this transaction wrote (for the read cache).</summary>
    public IReadOnlyList<CollectionKey> Touched => touched;

    /// <summary>The items this transaction wrote, by collection and name under the kind's comparison.</summary>
    public IReadOnlyList<(CollectionKey Collection, string Name)> Written => written;

    public StoredItem Insert(ResourceKey key, string document, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var existing = Session.Get(key);
        if (existing is not null)
        {
            throw new ItemAlreadyExistsException(key, existing.Key);
        }

        CheckAlias(key, alias);
        Touch(key);
        var version = NextVersion();
        var now = clock.GetUtcNow().ToUniversalTime();
        Session.InsertRow(key, document, alias, version, now.UtcTicks, now.UtcTicks);
        return new StoredItem(key, document, alias, version, now, now);
    }

    public StoredItem Put(ResourceKey key, string document, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var existing = Session.Get(key);
        CheckAlias(key, alias);
        Touch(key);
        var version = NextVersion();
        var now = clock.GetUtcNow().ToUniversalTime();
        if (existing is null)
        {
            Session.InsertRow(key, document, alias, version, now.UtcTicks, now.UtcTicks);
            return new StoredItem(key, document, alias, version, now, now);
        }

        Session.ReplaceRow(key, document, alias, version, now.UtcTicks);
        return new StoredItem(key, document, alias, version, existing.Created, now);
    }

    /// <summary>The version counter after this transaction's writes (what the store remembers once it commits).</summary>
    public long LastVersion => lastVersion;

    public new StoredItem? Get(ResourceKey key)
    {
        var item = Session.Get(key);
        lastSeen = item;
        return item;
    }

    public StoredItem Update(ResourceKey key, string document, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(document);
        var existing = (lastSeen is { } seen && seen.Key.SameItemAs(key) ? seen : Session.Get(key)) ?? throw new ItemNotFoundException(key);
        if (existing.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(key, expectedVersion, existing.Version);
        }

        Touch(key);
        var version = NextVersion();
        var now = clock.GetUtcNow().ToUniversalTime();
        Session.UpdateDocument(key, document, version, now.UtcTicks);
        var updated = existing with { Document = document, Version = version, Updated = now };
        lastSeen = updated;
        return updated;
    }

    public bool Delete(ResourceKey key, long? expectedVersion = null)
    {
        var existing = Session.Get(key);
        if (expectedVersion is { } expected && existing?.Version != expected)
        {
            throw new ConcurrencyConflictException(key, expected, existing?.Version);
        }

        if (existing is null)
        {
            return false;
        }

        Touch(key);
        Session.DeleteRow(key);
        return true;
    }

    public long NextSequenceValue(string sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequence);
        return Session.NextSequenceValue(sequence);
    }

    /// <summary>Records the store-wide version counter before commit.</summary>
    public void Flush()
    {
        if (versionChanged)
        {
            Session.WriteLastVersion(lastVersion);
        }
    }

    private void CheckAlias(ResourceKey key, string? alias)
    {
        if (alias is null)
        {
            return;
        }

        ArgumentException.ThrowIfNullOrEmpty(alias);
        var holder = Session.GetByAlias(key.Collection, alias);
        if (holder is not null && holder.Key.NormalizedName != key.NormalizedName)
        {
            throw new AliasAlreadyExistsException(key, alias, holder.Key);
        }
    }

    private void Touch(ResourceKey key)
    {
        if (lastSeen is { } seen && seen.Key.SameItemAs(key))
        {
            lastSeen = null;
        }

        var collection = key.Collection;
        if (!touched.Contains(collection))
        {
            touched.Add(collection);
        }

        written.Add((collection, key.NormalizedName));
    }

    private long NextVersion()
    {
        if (lastVersion < 0)
        {
            lastVersion = Session.ReadLastVersion();
        }

        versionChanged = true;
        return ++lastVersion;
    }
}
