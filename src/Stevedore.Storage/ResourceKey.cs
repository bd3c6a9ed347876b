namespace Stevedore.Storage;

/// <summary>
/// The address of one stored item: account, region (empty for global services such as IAM),
/// kind and name. Two keys denote the same item when account, region and kind are equal and the
/// names are equal under the kind's name comparison; use <see cref="SameItemAs"/> for that, as
/// record equality compares the names ordinally.
/// </summary>
public sealed record ResourceKey
{
    public ResourceKey(string account, string region, ResourceKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Account = account;
        Region = region;
        Kind = kind;
        Name = name;
    }

    public string Account { get; }

    public string Region { get; }

    public ResourceKind Kind { get; }

    public string Name { get; }

    /// <summary>The name under the kind's comparison (upper-cased for case-insensitive kinds).</summary>
    public string NormalizedName => Kind.NormalizeName(Name);

    /// <summary>The collection (account, region, kind) this key belongs to.</summary>
    public CollectionKey Collection => new(Account, Region, Kind);

    /// <summary>Whether both keys address the same item under the kind's name comparison.</summary>
    public bool SameItemAs(ResourceKey other) =>
        Account == other.Account && Region == other.Region && Kind == other.Kind && NormalizedName == other.NormalizedName;

    public override string ToString() => $"{Account}/{Region}/{Kind.Name}/{Name}";
}

/// <summary>All items of one kind in one account and region.</summary>
public sealed record CollectionKey(string Account, string Region, ResourceKind Kind)
{
    /// <summary>The key of the item called <paramref name="name"/> in this collection.</summary>
    public ResourceKey Item(string name) => new(Account, Region, Kind, name);

    public override string ToString() => $"{Account}/{Region}/{Kind.Name}";
}
