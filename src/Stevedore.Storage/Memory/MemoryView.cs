namespace Stevedore.Storage.Memory;

/// <summary>
/// A read snapshot or a write transaction of <see cref="MemoryStateStore"/>, used under the store's lock by the thread
/// that opened it and unusable once closed. A transaction changes the store in place and records how to undo each
/// change; every operation checks before it changes anything, so one that throws leaves nothing behind.
/// </summary>
internal sealed class MemoryView(MemoryStateStore store, bool writable) : IStoreTransaction
{
    private readonly List<Change> undo = [];
    private readonly List<(CollectionKey Collection, string Name, StoredItem? Before)> written = [];
    private bool closed;

    /// <summary>The items this transaction changed (each time it did), with what each was before.</summary>
    public IReadOnlyList<(CollectionKey Collection, string Name, StoredItem? Before)> Written => written;

    public StoredItem? Get(ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckOpen();
        return store.Find(key.Collection)?.Get(key.NormalizedName);
    }

    public StoredItem? GetByAlias(CollectionKey collection, string alias)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(alias);
        CheckOpen();
        return store.Find(collection)?.GetByAlias(alias);
    }

    public ItemPage List(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckOpen();
        return store.ListUnderLock(query);
    }

    public long Count(CollectionKey collection, string? namePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        CheckOpen();
        return store.CountUnderLock(collection, namePrefix);
    }

    public StoredItem Insert(ResourceKey key, string document, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);
        CheckWritable();
        var items = store.Collection(key.Collection);
        var name = key.NormalizedName;
        if (alias is not null)
        {
            if (items.Get(name) is { } existing)
            {
                throw new ItemAlreadyExistsException(key, existing.Key);
            }

            CheckAlias(items, key, alias);
        }

        // One lookup: the name is checked as the item is added.
        var now = Now();
        var item = new StoredItem(key, document, alias, store.NextVersion(), now, now);
        if (!items.TryAdd(name, item))
        {
            throw new ItemAlreadyExistsException(key, items.Get(name)!.Key);
        }

        undo.Add(new Change(items, name, null));
        written.Add((key.Collection, name, null));
        return item;
    }

    public StoredItem Put(ResourceKey key, string document, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);
        CheckWritable();
        var items = store.Collection(key.Collection);
        var name = key.NormalizedName;
        var existing = items.Get(name);
        CheckAlias(items, key, alias);
        var now = Now();
        var item = new StoredItem(key, document, alias, store.NextVersion(), existing?.Created ?? now, now);
        Set(key, items, name, item, existing);
        return item;
    }

    public StoredItem Update(ResourceKey key, string document, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);
        CheckWritable();
        var items = store.Collection(key.Collection);
        var name = key.NormalizedName;
        var existing = items.Get(name) ?? throw new ItemNotFoundException(key);
        if (existing.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(key, expectedVersion, existing.Version);
        }

        var item = existing with { Document = document, Version = store.NextVersion(), Updated = Now() };
        Set(key, items, name, item, existing);
        return item;
    }

    public bool Delete(ResourceKey key, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckWritable();
        var items = store.Find(key.Collection);
        var name = key.NormalizedName;
        var existing = items?.Get(name);
        if (expectedVersion is { } expected && existing?.Version != expected)
        {
            throw new ConcurrencyConflictException(key, expected, existing?.Version);
        }

        if (items is null || existing is null)
        {
            return false;
        }

        items.Remove(name);
        undo.Add(new Change(items, name, existing));
        written.Add((key.Collection, name, existing));
        return true;
    }

    public long NextSequenceValue(string sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequence);
        CheckWritable();
        var sequences = store.Sequences;
        var had = sequences.TryGetValue(sequence, out var value);
        sequences[sequence] = value + 1;
        undo.Add(new Change(null, sequence, null, had ? value : null));
        return value + 1;
    }

    /// <summary>Takes back every change of a failed transaction, newest first.</summary>
    public void Undo()
    {
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            var (items, name, before, sequenceBefore) = undo[i];
            if (items is null)
            {
                if (sequenceBefore is { } value)
                {
                    store.Sequences[name] = value;
                }
                else
                {
                    store.Sequences.Remove(name);
                }
            }
            else if (before is null)
            {
                items.Remove(name);
            }
            else
            {
                items.Set(name, before);
            }
        }

        undo.Clear();
    }

    public void Close() => closed = true;

    private void Set(ResourceKey key, ItemCollection items, string name, StoredItem item, StoredItem? previous)
    {
        items.Set(name, item);
        undo.Add(new Change(items, name, previous));
        written.Add((key.Collection, name, previous));
    }

    private static void CheckAlias(ItemCollection items, ResourceKey key, string? alias)
    {
        if (alias is null)
        {
            return;
        }

        ArgumentException.ThrowIfNullOrEmpty(alias);
        if (items.GetByAlias(alias) is { } holder && holder.Key.NormalizedName != key.NormalizedName)
        {
            throw new AliasAlreadyExistsException(key, alias, holder.Key);
        }
    }

    /// <summary>
    /// How to take back one change: an item of <paramref name="Items"/> put back as it was before (removed when it did not
    /// exist), or, with no items, the named sequence put back to its value before (removed when it had none).
    /// </summary>
    private readonly record struct Change(ItemCollection? Items, string Name, StoredItem? Before, long? SequenceBefore = null);

    private DateTimeOffset Now()
    {
        // As the SQLite store keeps it: UTC, to the tick.
        var now = store.Clock.GetUtcNow().ToUniversalTime();
        return new DateTimeOffset(now.UtcTicks, TimeSpan.Zero);
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(closed, this);

    private void CheckWritable()
    {
        CheckOpen();
        if (!writable)
        {
            throw new InvalidOperationException("A read snapshot cannot write.");
        }
    }
}
