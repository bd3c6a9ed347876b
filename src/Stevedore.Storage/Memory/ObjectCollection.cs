namespace Stevedore.Storage.Memory;

/// <summary>A collection whose items are kept as the objects they were written as (every kind but the bulk ones).</summary>
internal sealed class ObjectCollection : ItemCollection
{
    private readonly Dictionary<string, StoredItem> items = new(StringComparer.Ordinal);
    private readonly SortedSet<string> names = new(CodePointComparer.Instance);
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);

    public override int Count => items.Count;

    public override StoredItem? Get(string normalizedName) => items.GetValueOrDefault(normalizedName);

    public override StoredItem? GetByAlias(string alias) => aliases.TryGetValue(alias, out var name) ? items[name] : null;

    public override void Set(string normalizedName, StoredItem item)
    {
        if (items.TryGetValue(normalizedName, out var previous))
        {
            if (previous.Alias is { } old && old != item.Alias)
            {
                aliases.Remove(old);
            }
        }
        else
        {
            names.Add(normalizedName);
        }

        items[normalizedName] = item;
        if (item.Alias is { } alias)
        {
            aliases[alias] = normalizedName;
        }
    }

    public override bool TryAdd(string normalizedName, StoredItem item)
    {
        if (!items.TryAdd(normalizedName, item))
        {
            return false;
        }

        names.Add(normalizedName);
        if (item.Alias is { } alias)
        {
            aliases[alias] = normalizedName;
        }

        return true;
    }

    public override void Remove(string normalizedName)
    {
        if (items.Remove(normalizedName, out var previous))
        {
            names.Remove(normalizedName);
            if (previous.Alias is { } alias)
            {
                aliases.Remove(alias);
            }
        }
    }

    public override IEnumerable<StoredItem> After(string after, string? prefix) => Names(after, prefix).Select(name => items[name]);

    public override long CountWithPrefix(string prefix) => Names(string.Empty, prefix).LongCount();

    private IEnumerable<string> Names(string after, string? prefix)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var (lower, strict, upper) = Range(after, prefix);
        var last = upper ?? names.Max!;
        if (CodePointComparer.Instance.Compare(lower, last) > 0)
        {
            return [];
        }

        // GetViewBetween is inclusive at both ends.
        return names.GetViewBetween(lower, last).Where(name => !(strict && name == lower) && name != upper);
    }
}
