using System.Runtime.InteropServices;

namespace Stevedore.Storage.Memory;

/// <summary>
/// One stored item flattened into a single <c>char</c> array on the pinned object heap, where the garbage collector
/// never copies it and, since it holds no references, has nothing to trace in it: the form bulk items are kept in.
/// Layout, in UTF-16 units: version, created and updated ticks (4 each), the lengths of the normalized name, the
/// name (-1: the normalized name) and the alias (-1: none) (2 each), then those texts and the document.
/// </summary>
internal static class ItemRecord
{
    private const int Header = 18;

    public static char[] Encode(string normalizedName, StoredItem item)
    {
        var name = item.Key.Name == normalizedName ? null : item.Key.Name;
        var length = Header + normalizedName.Length + (name?.Length ?? 0) + (item.Alias?.Length ?? 0) + item.Document.Length;
        var record = GC.AllocateUninitializedArray<char>(length, pinned: true);
        var longs = MemoryMarshal.Cast<char, long>(record.AsSpan(0, 12));
        longs[0] = item.Version;
        longs[1] = item.Created.UtcTicks;
        longs[2] = item.Updated.UtcTicks;
        var ints = MemoryMarshal.Cast<char, int>(record.AsSpan(12, 6));
        ints[0] = normalizedName.Length;
        ints[1] = name?.Length ?? -1;
        ints[2] = item.Alias?.Length ?? -1;
        var rest = record.AsSpan(Header);
        normalizedName.CopyTo(rest);
        rest = rest[normalizedName.Length..];
        name?.CopyTo(rest);
        rest = rest[(name?.Length ?? 0)..];
        item.Alias?.CopyTo(rest);
        item.Document.CopyTo(rest[(item.Alias?.Length ?? 0)..]);
        return record;
    }

    public static ReadOnlySpan<char> NormalizedName(char[] record) => record.AsSpan(Header, Ints(record)[0]);

    public static string? Alias(char[] record)
    {
        var ints = Ints(record);
        return ints[2] < 0 ? null : new string(record.AsSpan(Header + ints[0] + Math.Max(ints[1], 0), ints[2]));
    }

    public static StoredItem Decode(char[] record, CollectionKey collection)
    {
        var ints = Ints(record);
        var longs = MemoryMarshal.Cast<char, long>(record.AsSpan(0, 12));
        var offset = Header + ints[0];
        var name = ints[1] < 0 ? new string(record.AsSpan(Header, ints[0])) : new string(record.AsSpan(offset, ints[1]));
        offset += Math.Max(ints[1], 0);
        var alias = ints[2] < 0 ? null : new string(record.AsSpan(offset, ints[2]));
        offset += Math.Max(ints[2], 0);
        return new StoredItem(
            collection.Item(name),
            new string(record.AsSpan(offset)),
            alias,
            longs[0],
            new DateTimeOffset(longs[1], TimeSpan.Zero),
            new DateTimeOffset(longs[2], TimeSpan.Zero));
    }

    private static ReadOnlySpan<int> Ints(char[] record) => MemoryMarshal.Cast<char, int>(record.AsSpan(12, 6));
}
