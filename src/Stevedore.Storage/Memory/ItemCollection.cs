namespace Stevedore.Storage.Memory;

/// <summary>
/// The items of one collection (account, region, kind) in memory, by name under the kind's comparison, in code point
/// order for listings, and by alias. Not thread-safe: <see cref="MemoryStateStore"/> holds its lock around every use.
/// </summary>
internal abstract class ItemCollection
{
    public abstract int Count { get; }

    public abstract StoredItem? Get(string normalizedName);

    public abstract StoredItem? GetByAlias(string alias);

    /// <summary>Adds or replaces the item under its normalized name, keeping the alias index in step.</summary>
    public abstract void Set(string normalizedName, StoredItem item);

    /// <summary>Adds the item unless its normalized name is taken (then changes nothing and returns false).</summary>
    public abstract bool TryAdd(string normalizedName, StoredItem item);

    public abstract void Remove(string normalizedName);

    /// <summary>
    /// The items whose names come after <paramref name="after"/> (exclusive; empty for the first page) and lie in
    /// [<paramref name="prefix"/>, prefix + U+10FFFF), the range the SQLite store scans, in code point order.
    /// </summary>
    public abstract IEnumerable<StoredItem> After(string after, string? prefix);

    /// <summary>How many names lie in [<paramref name="prefix"/>, prefix + U+10FFFF).</summary>
    public abstract long CountWithPrefix(string prefix);

    /// <summary>The bounds of a listing: where it starts, and the exclusive end when there is a prefix.</summary>
    protected static (string Lower, bool Strict, string? Upper) Range(string after, string? prefix)
    {
        var upper = prefix is null ? null : prefix + "\U0010FFFF";
        return prefix is not null && CodePointComparer.Instance.Compare(prefix, after) > 0 ? (prefix, false, upper) : (after, true, upper);
    }
}
