using System.Collections.Concurrent;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// Answers of reads outside transactions: an item read by key is kept until a write transaction writes that item; lists,
/// counts and alias lookups are kept per collection (account, region, kind) until a write touches the collection. So the
/// many reads of state that does not change (roles, policies, images, secrets, sessions) are dictionary lookups even while
/// other items (tasks, log streams) are written all the time.
/// <para>
/// Correctness rests on two rules, both kept by <see cref="SqliteStateStore"/>: a reader takes the item's slot or the
/// collection's <see cref="Generation"/> <em>before</em> it reads the database, and a write transaction replaces the
/// slot of every item and the generation of every collection it touched (under the store's write lock) <em>after</em> it
/// commits — always, even an empty one. A reader that raced a write therefore stores its answer where nobody will read it
/// again, never a stale answer in the live cache. A file store is owned by one process (<see cref="DataDirectoryLock"/>),
/// so no other writer exists.
/// </para>
/// </summary>
internal sealed class ReadCache
{
    /// <summary>A generation holds at most this many answers (lookups of names that do not exist are answers too).</summary>
    private const int MaxEntries = 4_096;

    /// <summary>Collections tracked at most; past that the whole cache starts over.</summary>
    private const int MaxCollections = 4_096;

    /// <summary>Item slots kept at most; past that they all start over.</summary>
    private const int MaxItems = 50_000;

    /// <summary>The bounds are checked on every this many invalidations: <see cref="ConcurrentDictionary{TKey,TValue}.Count"/>
    /// takes every lock of the dictionary (up to 1,024 of them once it has grown), too much for every write.</summary>
    private const int BoundCheckInterval = 256;

    private ConcurrentDictionary<CollectionKey, Generation> generations = new();
    private ConcurrentDictionary<(CollectionKey Collection, string Name), Generation> items = new();
    private int itemInvalidations; // both only changed under the store's write lock
    private int collectionInvalidations;

    /// <summary>The live slot of one item (name under the kind's comparison), holding at most the answer to Get.</summary>
    public Generation Item(CollectionKey collection, string normalizedName)
    {
        var all = Volatile.Read(ref items);
        var key = (collection, normalizedName);
        return all.TryGetValue(key, out var slot) ? slot : all.GetOrAdd(key, static _ => new Generation());
    }

    /// <summary>Starts new, empty slots for the items a committed write touched that have one (under the write lock).</summary>
    public void InvalidateItems(IEnumerable<(CollectionKey Collection, string Name)> written)
    {
        var all = Volatile.Read(ref items);
        if (++itemInvalidations % BoundCheckInterval == 0 && all.Count >= MaxItems)
        {
            Volatile.Write(ref items, new ConcurrentDictionary<(CollectionKey, string), Generation>());
            return;
        }

        foreach (var key in written)
        {
            // Only slots that exist: a reader makes its slot before it reads, so an item without one has no answer kept
            // anywhere, and new items (log chunks, task records) need not fill the dictionary.
            if (all.ContainsKey(key))
            {
                all[key] = new Generation();
            }
        }
    }

    /// <summary>The live generation of a collection.</summary>
    public Generation Current(CollectionKey collection)
    {
        var all = Volatile.Read(ref generations);
        return all.TryGetValue(collection, out var generation) ? generation : all.GetOrAdd(collection, static _ => new Generation());
    }

    /// <summary>Starts a new, empty generation for each collection a committed write touched (under the write lock).</summary>
    public void Invalidate(IEnumerable<CollectionKey> touched)
    {
        var all = Volatile.Read(ref generations);
        if (++collectionInvalidations % BoundCheckInterval == 0 && all.Count >= MaxCollections)
        {
            Clear(); // orphans every generation at once, which is as safe as replacing each
            return;
        }

        foreach (var collection in touched)
        {
            all[collection] = new Generation();
        }
    }

    /// <summary>Forgets everything (a write whose touched collections are unknown).</summary>
    public void Clear() => Volatile.Write(ref generations, new ConcurrentDictionary<CollectionKey, Generation>());

    /// <summary>One generation of one collection: answers keyed by the read and its arguments (value-equal records or
    /// tuples). Its dictionary is made on first use, so replacing an unread generation costs one small object.</summary>
    internal sealed class Generation
    {
        private ConcurrentDictionary<object, object?>? answers;
        private int added;

        public bool TryGet<T>(object key, out T answer)
        {
            if (Volatile.Read(ref answers) is { } found && found.TryGetValue(key, out var value))
            {
                answer = (T)value!;
                return true;
            }

            answer = default!;
            return false;
        }

        public void Add(object key, object? answer)
        {
            var map = Volatile.Read(ref answers);
            if (map is null)
            {
                Interlocked.CompareExchange(ref answers, new ConcurrentDictionary<object, object?>(), null);
                map = Volatile.Read(ref answers)!;
            }

            if (Interlocked.Increment(ref added) <= MaxEntries)
            {
                map.TryAdd(key, answer);
            }
        }
    }
}
