namespace Stevedore.Storage;

/// <summary>
/// Read operations, available on the store (each call sees the latest committed state), inside
/// <see cref="IStateStore.Read{T}"/> (all calls see one snapshot) and inside a write
/// transaction (calls also see the transaction's own writes).
/// </summary>
public interface IStoreReader
{
    /// <summary>The item with this key (name compared under the kind's rule), or null.</summary>
    StoredItem? Get(ResourceKey key);

    /// <summary>The item of this collection whose alias is exactly <paramref name="alias"/>, or null.</summary>
    StoredItem? GetByAlias(CollectionKey collection, string alias);

    /// <summary>One page of the collection's items, ordered by normalized name.</summary>
    ItemPage List(ListQuery query);

    /// <summary>How many items the collection holds (optionally only names with this prefix).</summary>
    long Count(CollectionKey collection, string? namePrefix = null);
}

/// <summary>
/// The writes of one transaction. All of them commit together or none does. The transaction is
/// isolated: no other write transaction runs in between its reads and its writes.
/// Failures are typed (<see cref="ItemAlreadyExistsException"/>,
/// <see cref="ConcurrencyConflictException"/>, …); a failed operation changes nothing, so the
/// delegate may catch it and go on, and an exception escaping the delegate rolls everything back.
/// </summary>
public interface IStoreTransaction : IStoreReader
{
    /// <summary>Creates the item; throws <see cref="ItemAlreadyExistsException"/> if the name is taken.</summary>
    StoredItem Insert(ResourceKey key, string document, string? alias = null);

    /// <summary>
    /// Creates or replaces the item. On replace the creation time is kept, the stored name takes
    /// the case of <paramref name="key"/>, and the alias becomes <paramref name="alias"/>.
    /// </summary>
    StoredItem Put(ResourceKey key, string document, string? alias = null);

    /// <summary>
    /// Replaces the document of an existing item whose version is <paramref name="expectedVersion"/>
    /// (the alias and stored name are kept). Throws <see cref="ItemNotFoundException"/> or
    /// <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    StoredItem Update(ResourceKey key, string document, long expectedVersion);

    /// <summary>
    /// Deletes the item; returns false if it did not exist. With <paramref name="expectedVersion"/>,
    /// throws <see cref="ConcurrencyConflictException"/> unless the item exists at that version.
    /// </summary>
    bool Delete(ResourceKey key, long? expectedVersion = null);

    /// <summary>The next value (1, 2, 3, …) of the named store-wide counter.</summary>
    long NextSequenceValue(string sequence);
}

/// <summary>
/// Durable state of the emulated services: JSON documents addressed by <see cref="ResourceKey"/>.
/// <para>
/// The interface is synchronous on purpose: SQLite is an in-process library whose calls take
/// microseconds and whose "async" ADO.NET methods complete synchronously anyway; a synchronous
/// write delegate can run under a plain lock, and async state machines would only add
/// allocations. Implementations are thread-safe.
/// </para>
/// </summary>
public interface IStateStore : IStoreReader, IDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in one atomic, isolated write transaction and commits when it
    /// returns. The delegate may run more than once (a backend may retry it after a serialization
    /// failure), so it must have no effects other than through the transaction, and it must not
    /// keep the transaction object. It must not start another transaction (they do not nest).
    /// </summary>
    T Write<T>(Func<IStoreTransaction, T> work);

    /// <inheritdoc cref="Write{T}(Func{IStoreTransaction, T})"/>
    void Write(Action<IStoreTransaction> work);

    /// <summary>Runs <paramref name="work"/> against one consistent snapshot of committed state.</summary>
    T Read<T>(Func<IStoreReader, T> work);

    /// <summary>
    /// Opens a durability scope on the current execution flow: write transactions committed inside it return as soon as
    /// they are committed (visible to every reader), and disposing the scope waits until all of them are on stable
    /// storage. One request that writes several times thus waits for the disk once, and concurrent requests share that
    /// wait (group commit). Outside any scope, <see cref="Write{T}"/> returns only once its transaction is durable.
    /// Scopes do not stack: inside one, this returns a scope whose disposal does nothing.
    /// </summary>
    IDisposable DeferDurability() => NoDurabilityScope.Instance;
}

/// <summary>The scope of a store whose writes are durable on commit (or never durable, in memory).</summary>
public sealed class NoDurabilityScope : IDisposable
{
    /// <summary>The one instance.</summary>
    public static readonly NoDurabilityScope Instance = new();

    private NoDurabilityScope()
    {
    }

    public void Dispose()
    {
    }
}
