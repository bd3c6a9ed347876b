namespace Stevedore.Storage;

/// <summary>One stored item as read back from the store.</summary>
/// <param name="Key">The item's key; <see cref="ResourceKey.Name"/> keeps the case it was written with.</param>
/// <param name="Document">The JSON document.</param>
/// <param name="Alias">The optional secondary key (a role's unique id, a policy ARN, …).</param>
/// <param name="Version">
/// Changes on every write of the item and only ever grows. Versions come from one store-wide
/// counter, so an item deleted and created again never reuses a version its predecessor had.
/// </param>
/// <param name="Created">When the item was first written (kept by <c>Put</c> and <c>Update</c>).</param>
/// <param name="Updated">When the item was last written.</param>
public sealed record StoredItem(
    ResourceKey Key,
    string Document,
    string? Alias,
    long Version,
    DateTimeOffset Created,
    DateTimeOffset Updated);

/// <summary>One page of a listing, ordered by (normalized) name.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="NextMarker">Pass to the next <c>List</c> call to continue; null when this is the last page.</param>
public sealed record ItemPage(IReadOnlyList<StoredItem> Items, string? NextMarker)
{
    public bool IsTruncated => NextMarker is not null;
}

/// <summary>A listing request.</summary>
/// <param name="Collection">Account, region and kind to list.</param>
/// <param name="NamePrefix">
/// Only names starting with this prefix (compared under the kind's name comparison).
/// </param>
/// <param name="Limit">Page size, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Marker">The <see cref="ItemPage.NextMarker"/> of the previous page.</param>
public sealed record ListQuery(CollectionKey Collection, string? NamePrefix = null, int Limit = 100, string? Marker = null)
{
    public const int MaxLimit = 10_000;
}
