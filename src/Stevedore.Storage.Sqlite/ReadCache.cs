using System.Collections.Concurrent;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// Answers of reads outside transactions, per collection (account, region, kind), kept until a write transaction
/// touches that collection. So the many reads of state that does not change (roles, policies, images, secrets) are
/// dictionary lookups even while other collections (tasks, log events) are written all the time.
/// <para>
/// Correctness rests on two rules, both kept by <see cref="SqliteStateStore"/>: a reader takes the collection's
/// <see cref="Generation"/> <em>before</em> it reads the database, and a write transaction replaces the generation of
/// every collection it touched (under the store's write lock) <em>after</em> it commits — always, even an empty one. A
/// reader that raced a write therefore stores its answer in a generation nobody will read again, never a stale answer in
/// the live one. A file store is owned by one process (<see cref="DataDirectoryLock"/>), so no other writer exists.
/// </para>
/// </summary>
internal sealed class ReadCache
{
    /// <summary>A generation holds at most this many answers (lookups of names that do not exist are answers too).</summary>
    private const int MaxEntries = 4_096;

    /// <summary>Collections tracked at most; past that the whole cache starts over.</summary>
    private const int MaxCollections = 4_096;

    private ConcurrentDictionary<CollectionKey, Generation> generations = new();

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
        if (all.Count >= MaxCollections)
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

            if (map.Count < MaxEntries)
            {
                map.TryAdd(key, answer);
            }
        }
    }
}
