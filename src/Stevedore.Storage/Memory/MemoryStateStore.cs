using System.Collections.Concurrent;

namespace Stevedore.Storage.Memory;

/// <summary>
/// State kept in this process's memory only (<c>stevedore serve --ephemeral</c>): gone when the process ends, never
/// written anywhere. One lock serializes writes and snapshots, so a write transaction is atomic and isolated; it applies
/// its writes in place and undoes them if it fails. Reads of single items outside transactions take no lock: they are
/// answered from a copy of the committed items that a transaction updates once it has committed. Listings follow the
/// SQLite store's order (names under the kind's comparison, by code point) and markers.
/// <para>
/// Items of <see cref="ResourceKind.Bulk"/> kinds (log event batches, S3 objects, tasks, launch traces) are kept as
/// <see cref="ItemRecord"/>s, not objects: tens of thousands of log batches a second kept as objects made the garbage
/// collector's pauses several milliseconds long, copying and tracing them from generation to generation.
/// </para>
/// </summary>
public sealed class MemoryStateStore : IStateStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<CollectionKey, ItemCollection> collections = [];
    private readonly Dictionary<string, long> sequences = new(StringComparer.Ordinal);

    // Committed items and aliases of object collections, for the reads outside transactions.
    private readonly ConcurrentDictionary<(CollectionKey Collection, string Name), StoredItem> published = new();
    private readonly ConcurrentDictionary<(CollectionKey Collection, string Alias), StoredItem> publishedAliases = new();
    private readonly TimeProvider clock;
    private readonly Func<ResourceKind, bool> asRecords;
    private long lastVersion;
    private MemoryView? active;
    private bool disposed;

    /// <param name="clock">The clock for item timestamps; <see cref="TimeProvider.System"/> by default.</param>
    public MemoryStateStore(TimeProvider? clock = null)
        : this(static kind => kind.Bulk, clock)
    {
    }

    /// <summary>For tests: <paramref name="asRecords"/> decides which kinds are kept as records.</summary>
    internal MemoryStateStore(Func<ResourceKind, bool> asRecords, TimeProvider? clock)
    {
        this.asRecords = asRecords;
        this.clock = clock ?? TimeProvider.System;
    }

    public StoredItem? Get(ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (asRecords(key.Kind))
        {
            return UnderLock(key, static (store, key) => store.Find(key.Collection)?.Get(key.NormalizedName));
        }

        CheckOutsideWithoutLock();
        return published.GetValueOrDefault((key.Collection, key.NormalizedName));
    }

    public StoredItem? GetByAlias(CollectionKey collection, string alias)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(alias);
        if (asRecords(collection.Kind))
        {
            return UnderLock((collection, alias), static (store, args) => store.Find(args.collection)?.GetByAlias(args.alias));
        }

        CheckOutsideWithoutLock();
        return publishedAliases.GetValueOrDefault((collection, alias));
    }

    public ItemPage List(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return UnderLock(query, static (store, query) => store.ListUnderLock(query));
    }

    public long Count(CollectionKey collection, string? namePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return UnderLock((collection, namePrefix), static (store, args) => store.CountUnderLock(args.collection, args.namePrefix));
    }

    public T Read<T>(Func<IStoreReader, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            CheckOutside();
            var snapshot = new MemoryView(this, writable: false);
            active = snapshot;
            try
            {
                return work(snapshot);
            }
            finally
            {
                snapshot.Close();
                active = null;
            }
        }
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

    public T Write<T>(Func<IStoreTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (active is not null)
            {
                throw new InvalidOperationException("Write transactions do not nest; use the transaction already open.");
            }

            var transaction = new MemoryView(this, writable: true);
            active = transaction;
            try
            {
                var result = work(transaction);
                Publish(transaction.Written);
                return result;
            }
            catch
            {
                transaction.Undo();
                throw;
            }
            finally
            {
                transaction.Close();
                active = null;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            Volatile.Write(ref disposed, true);
            collections.Clear();
            sequences.Clear();
            published.Clear();
            publishedAliases.Clear();
        }
    }

    internal TimeProvider Clock => clock;

    internal Dictionary<string, long> Sequences => sequences;

    internal long NextVersion() => ++lastVersion; // never reused, not even after a rollback

    internal ItemCollection? Find(CollectionKey collection) => collections.GetValueOrDefault(collection);

    internal ItemCollection Collection(CollectionKey collection)
    {
        if (!collections.TryGetValue(collection, out var items))
        {
            items = asRecords(collection.Kind) ? new RecordCollection(collection) : new ObjectCollection();
            collections[collection] = items;
        }

        return items;
    }

    internal ItemPage ListUnderLock(ListQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ListQuery.MaxLimit);
        var collection = query.Collection;
        var after = query.Marker is null ? string.Empty : ListMarker.Decode(collection.Kind, query.Marker);
        var prefix = string.IsNullOrEmpty(query.NamePrefix) ? null : collection.Kind.NormalizeName(query.NamePrefix);
        var items = new List<StoredItem>(Math.Min(query.Limit, 64));
        var more = false;
        if (Find(collection) is { } found)
        {
            foreach (var item in found.After(after, prefix))
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(item);
            }
        }

        return new ItemPage(items, more ? ListMarker.Encode(collection.Kind, items[^1].Key.NormalizedName) : null);
    }

    internal long CountUnderLock(CollectionKey collection, string? namePrefix)
    {
        if (Find(collection) is not { } found)
        {
            return 0;
        }

        return string.IsNullOrEmpty(namePrefix) ? found.Count : found.CountWithPrefix(collection.Kind.NormalizeName(namePrefix));
    }

    private TResult UnderLock<TArg, TResult>(TArg arg, Func<MemoryStateStore, TArg, TResult> read)
    {
        lock (gate)
        {
            CheckOutside();
            return read(this, arg);
        }
    }

    /// <summary>Makes what a committed transaction wrote to object collections visible to the reads that take no lock.</summary>
    private void Publish(IReadOnlyList<(CollectionKey Collection, string Name, StoredItem? Before)> written)
    {
        // New aliases first, then the ones given up: an alias that moved between items is never missing meanwhile.
        foreach (var (collection, name, _) in written)
        {
            if (collections[collection] is not ObjectCollection items)
            {
                continue;
            }

            if (items.Get(name) is { } item)
            {
                published[(collection, name)] = item;
                if (item.Alias is { } alias)
                {
                    publishedAliases[(collection, alias)] = item;
                }
            }
            else
            {
                published.TryRemove((collection, name), out _);
            }
        }

        foreach (var (collection, name, before) in written)
        {
            if (before?.Alias is { } alias && collections[collection] is ObjectCollection items && items.Get(name)?.Alias != alias
                && publishedAliases.TryGetValue((collection, alias), out var holder) && holder.Key.NormalizedName == name)
            {
                publishedAliases.TryRemove((collection, alias), out _);
            }
        }
    }

    /// <summary>A read outside any transaction: not from inside one on this thread (as the SQLite store refuses too).</summary>
    private void CheckOutside()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (active is not null)
        {
            throw new InvalidOperationException("Inside a write transaction, read through the transaction.");
        }
    }

    /// <summary>The same, without the lock: if this thread holds it, it is inside a transaction or snapshot.</summary>
    private void CheckOutsideWithoutLock()
    {
        if (gate.IsHeldByCurrentThread)
        {
            CheckOutside();
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed), this);
    }
}
