namespace Stevedore.Storage;

/// <summary>Base of the store's typed failures.</summary>
public abstract class StoreException : Exception
{
    protected StoreException(string message)
        : base(message)
    {
    }

    protected StoreException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

/// <summary>An insert found an item with the same name (under the kind's comparison).</summary>
public sealed class ItemAlreadyExistsException(ResourceKey key, ResourceKey existing)
    : StoreException($"An item named '{existing.Name}' already exists in {key.Collection}.")
{
    /// <summary>The key that was written.</summary>
    public ResourceKey Key { get; } = key;

    /// <summary>The key of the item already stored (its name keeps its stored case).</summary>
    public ResourceKey Existing { get; } = existing;
}

/// <summary>The alias is already held by another item of the same account, region and kind.</summary>
public sealed class AliasAlreadyExistsException(ResourceKey key, string alias, ResourceKey holder)
    : StoreException($"The alias '{alias}' is already used by '{holder.Name}' in {key.Collection}.")
{
    public ResourceKey Key { get; } = key;

    public string Alias { get; } = alias;

    public ResourceKey Holder { get; } = holder;
}

/// <summary>An update or delete required an item that does not exist.</summary>
public sealed class ItemNotFoundException(ResourceKey key)
    : StoreException($"No item named '{key.Name}' exists in {key.Collection}.")
{
    public ResourceKey Key { get; } = key;
}

/// <summary>The item's version is not the expected one (it was written, or deleted, meanwhile).</summary>
public sealed class ConcurrencyConflictException(ResourceKey key, long expectedVersion, long? actualVersion)
    : StoreException(actualVersion is null
        ? $"'{key}' was expected at version {expectedVersion} but no longer exists."
        : $"'{key}' was expected at version {expectedVersion} but is at version {actualVersion}.")
{
    public ResourceKey Key { get; } = key;

    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>The version found, or null when the item does not exist.</summary>
    public long? ActualVersion { get; } = actualVersion;
}

/// <summary>A list marker that this store did not issue for this listing.</summary>
public sealed class InvalidMarkerException(string marker)
    : StoreException($"The marker '{marker}' is not valid for this listing.")
{
    public string Marker { get; } = marker;
}
