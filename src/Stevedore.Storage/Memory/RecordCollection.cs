namespace Stevedore.Storage.Memory;

/// <summary>
/// A collection of a bulk kind: each item one <see cref="ItemRecord"/>, indexed by name in a hash set looked up by the
/// name's characters, and in code point order in leaves of at most <see cref="MaxLeaf"/> records, so an item adds no
/// object of its own for the garbage collector to copy. Reads decode a new <see cref="StoredItem"/> each time.
/// </summary>
internal sealed class RecordCollection(CollectionKey collection) : ItemCollection
{
    private const int MaxLeaf = 256;

    private readonly HashSet<char[]> byName = new(NameComparer.Instance);
    private readonly List<List<char[]>> leaves = [];
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);

    public override int Count => byName.Count;

    public override StoredItem? Get(string normalizedName) =>
        Find(normalizedName) is { } record ? ItemRecord.Decode(record, collection) : null;

    public override StoredItem? GetByAlias(string alias) => aliases.TryGetValue(alias, out var name) ? Get(name) : null;

    public override void Set(string normalizedName, StoredItem item)
    {
        var record = ItemRecord.Encode(normalizedName, item);
        if (Find(normalizedName) is { } previous)
        {
            if (ItemRecord.Alias(previous) is { } old && old != item.Alias)
            {
                aliases.Remove(old);
            }

            byName.Remove(previous);
            var (leaf, index) = Position(normalizedName, strict: false);
            leaves[leaf][index] = record;
        }
        else
        {
            Insert(record, normalizedName);
        }

        byName.Add(record);
        if (item.Alias is { } alias)
        {
            aliases[alias] = normalizedName;
        }
    }

    public override bool TryAdd(string normalizedName, StoredItem item)
    {
        var record = ItemRecord.Encode(normalizedName, item);
        if (!byName.Add(record))
        {
            return false;
        }

        Insert(record, normalizedName);
        if (item.Alias is { } alias)
        {
            aliases[alias] = normalizedName;
        }

        return true;
    }

    public override void Remove(string normalizedName)
    {
        if (Find(normalizedName) is not { } previous)
        {
            return;
        }

        byName.Remove(previous);
        if (ItemRecord.Alias(previous) is { } alias)
        {
            aliases.Remove(alias);
        }

        var (leaf, index) = Position(normalizedName, strict: false);
        leaves[leaf].RemoveAt(index);
        if (leaves[leaf].Count == 0)
        {
            leaves.RemoveAt(leaf);
        }
    }

    public override IEnumerable<StoredItem> After(string after, string? prefix)
    {
        foreach (var record in Records(after, prefix))
        {
            yield return ItemRecord.Decode(record, collection);
        }
    }

    public override long CountWithPrefix(string prefix) => Records(string.Empty, prefix).LongCount();

    private char[]? Find(string normalizedName) =>
        byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(normalizedName, out var record) ? record : null;

    private IEnumerable<char[]> Records(string after, string? prefix)
    {
        var (lower, strict, upper) = Range(after, prefix);
        var (leaf, index) = Position(lower, strict);
        for (; leaf < leaves.Count; leaf++, index = 0)
        {
            for (; index < leaves[leaf].Count; index++)
            {
                var record = leaves[leaf][index];
                if (upper is not null && CodePointComparer.Compare(ItemRecord.NormalizedName(record), upper) >= 0)
                {
                    yield break;
                }

                yield return record;
            }
        }
    }

    private void Insert(char[] record, string normalizedName)
    {
        if (leaves.Count == 0)
        {
            leaves.Add([record]);
            return;
        }

        // Names that only grow (a log stream's batches) go after every name: that is checked first, with one comparison.
        var (leaf, index) = Qualifies(leaves[^1][^1], normalizedName, strict: false) ? Position(normalizedName, strict: false) : (leaves.Count, 0);
        if (leaf == leaves.Count)
        {
            // After every name: at the end of the last leaf.
            leaf--;
            index = leaves[leaf].Count;
        }

        var target = leaves[leaf];
        target.Insert(index, record);
        if (target.Count > MaxLeaf)
        {
            var half = target.Count / 2;
            leaves.Insert(leaf + 1, target.GetRange(half, target.Count - half));
            target.RemoveRange(half, target.Count - half);
        }
    }

    /// <summary>
    /// The first position whose name is after <paramref name="name"/> (<paramref name="strict"/>) or not before it:
    /// a leaf and an index in it, or (leaf count, 0) when there is none.
    /// </summary>
    private (int Leaf, int Index) Position(string name, bool strict)
    {
        // The first leaf whose last name qualifies holds the position.
        int low = 0, high = leaves.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var leaf = leaves[middle];
            if (Qualifies(leaf[^1], name, strict))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        if (low == leaves.Count)
        {
            return (low, 0);
        }

        var records = leaves[low];
        int first = 0, last = records.Count - 1;
        while (first < last)
        {
            var middle = (first + last) >>> 1;
            if (Qualifies(records[middle], name, strict))
            {
                last = middle;
            }
            else
            {
                first = middle + 1;
            }
        }

        return (low, first);
    }

    private static bool Qualifies(char[] record, string name, bool strict)
    {
        var order = CodePointComparer.Compare(ItemRecord.NormalizedName(record), name);
        return strict ? order > 0 : order >= 0;
    }

    /// <summary>Records equal by normalized name, and found by it as characters.</summary>
    private sealed class NameComparer : IEqualityComparer<char[]>, IAlternateEqualityComparer<ReadOnlySpan<char>, char[]>
    {
        public static readonly NameComparer Instance = new();

        public bool Equals(char[]? x, char[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && ItemRecord.NormalizedName(x).SequenceEqual(ItemRecord.NormalizedName(y)));

        public int GetHashCode(char[] record) => string.GetHashCode(ItemRecord.NormalizedName(record));

        public bool Equals(ReadOnlySpan<char> alternate, char[] other) => alternate.SequenceEqual(ItemRecord.NormalizedName(other));

        public int GetHashCode(ReadOnlySpan<char> alternate) => string.GetHashCode(alternate);

        public char[] Create(ReadOnlySpan<char> alternate) => throw new NotSupportedException("Records are added whole.");
    }
}
