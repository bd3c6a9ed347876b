using System.Collections.Concurrent;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// The answers of the in-memory store's reads since its last write (<c>--ephemeral</c> only). That store has one
/// connection, used under a lock, so without this every read of every concurrent request waits its turn; with it, a
/// read of unchanged state is a dictionary lookup. Correctness rests on two rules, both kept by
/// <see cref="SqliteStateStore"/>: a reader takes <see cref="Current"/> <em>before</em> it reads the database, and a
/// write transaction replaces <see cref="Current"/> (under the store's lock) <em>after</em> it commits. A reader that
/// raced a write therefore stores its answer in a generation nobody will read again, never a stale answer in the live
/// one. Nothing is cached for file stores: another process may write the same file.
/// </summary>
internal sealed class InMemoryReadCache
{
    /// <summary>A generation holds at most this many answers (lookups of names that do not exist are answers too).</summary>
    private const int MaxEntries = 20_000;

    private Generation current = new();

    public Generation Current => Volatile.Read(ref current);

    /// <summary>Starts a new, empty generation; called after every committed write.</summary>
    public void Invalidate()
    {
        if (!Volatile.Read(ref current).IsEmpty)
        {
            Volatile.Write(ref current, new Generation());
        }
    }

    /// <summary>One generation: answers keyed by the read and its arguments (all value-equal records or tuples).</summary>
    internal sealed class Generation
    {
        private readonly ConcurrentDictionary<object, object?> answers = new();

        public bool IsEmpty => answers.IsEmpty;

        public bool TryGet<T>(object key, out T answer)
        {
            if (answers.TryGetValue(key, out var found))
            {
                answer = (T)found!;
                return true;
            }

            answer = default!;
            return false;
        }

        public void Add(object key, object? answer)
        {
            if (answers.Count < MaxEntries)
            {
                answers.TryAdd(key, answer);
            }
        }
    }
}
