using System.Text.Json;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Kms;

/// <summary>Where KMS keeps keys (by key id) and aliases (by alias name), per account and region.</summary>
public static class KmsStore
{
    public static readonly ResourceKind Keys = new("kms/key", CaseInsensitiveNames: false);
    public static readonly ResourceKind Aliases = new("kms/alias", CaseInsensitiveNames: false);

    public static ResourceKey KeyKey(string account, string region, string keyId) => new(account, region, Keys, keyId);

    public static ResourceKey AliasKey(string account, string region, string aliasName) => new(account, region, Aliases, aliasName);

    public static KmsKey ReadKey(string json) => ParsedDocuments.Read(json, KmsJsonContext.Default.KmsKey);

    public static string Write(KmsKey key) => JsonSerializer.Serialize(key, KmsJsonContext.Default.KmsKey);

    public static KmsAlias ReadAlias(string json) => ParsedDocuments.Read(json, KmsJsonContext.Default.KmsAlias);

    public static string Write(KmsAlias alias) => JsonSerializer.Serialize(alias, KmsJsonContext.Default.KmsAlias);

    public static KmsKey? FindKey(IStoreReader store, string account, string region, string keyId) =>
        store.Get(KeyKey(account, region, keyId)) is { } item ? ReadKey(item.Document) : null;

    public static KmsAlias? FindAlias(IStoreReader store, string account, string region, string aliasName) =>
        store.Get(AliasKey(account, region, aliasName)) is { } item ? ReadAlias(item.Document) : null;

    /// <summary>Every item of a collection, page by page.</summary>
    public static IEnumerable<StoredItem> All(IStoreReader store, CollectionKey collection)
    {
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(collection, Limit: 1000, Marker: marker));
            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }
}
