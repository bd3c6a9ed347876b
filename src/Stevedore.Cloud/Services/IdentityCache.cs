using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Stevedore.Cloud.Services;

/// <summary>
/// A small direct-mapped cache keyed by object identity, in front of a cache keyed by content. Documents read outside a
/// transaction come from the store's read cache as the same string instance every time, so the answer derived from one
/// (its parsed record, its compiled policy) is found without hashing or comparing a text of several kilobytes. A slot
/// holds the last key that landed in it; a miss only costs the content lookup behind it. Thread-safe: a slot is one
/// reference, read and written whole.
/// </summary>
internal sealed class IdentityCache<T>
    where T : class
{
    private const int Slots = 256; // a power of two

    private readonly Entry?[] _slots = new Entry?[Slots];

    public bool TryGet(object key, [MaybeNullWhen(false)] out T value)
    {
        var entry = Volatile.Read(ref _slots[Slot(key)]);
        if (entry is not null && ReferenceEquals(entry.Key, key))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public void Set(object key, T value) => Volatile.Write(ref _slots[Slot(key)], new Entry(key, value));

    private static int Slot(object key) => RuntimeHelpers.GetHashCode(key) & (Slots - 1);

    private sealed record Entry(object Key, T Value);
}
