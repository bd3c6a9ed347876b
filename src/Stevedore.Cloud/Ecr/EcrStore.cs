using System.Text.Json;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecr;

/// <summary>
/// Where ECR keeps repositories, images and known layers: one JSON document each, by account and region.
/// Images and layers are named <c>REPOSITORY@DIGEST</c> (<c>@</c> cannot occur in a repository name), so one
/// repository's items are a name prefix.
/// </summary>
internal static class EcrStore
{
    public static readonly ResourceKind Repositories = new("ecr/repository", CaseInsensitiveNames: false);
    public static readonly ResourceKind Images = new("ecr/image", CaseInsensitiveNames: false);
    public static readonly ResourceKind Layers = new("ecr/layer", CaseInsensitiveNames: false);

    public static ResourceKey RepositoryKey(string account, string region, string name) => new(account, region, Repositories, name);

    public static ResourceKey ImageKey(string account, string region, string repository, string digest) =>
        new(account, region, Images, $"{repository}@{digest}");

    public static ResourceKey LayerKey(string account, string region, string repository, string digest) =>
        new(account, region, Layers, $"{repository}@{digest}");

    public static EcrRepository ReadRepository(string json) => ParsedDocuments.Read(json, EcrJsonContext.Default.EcrRepository);

    public static string Write(EcrRepository repository) => JsonSerializer.Serialize(repository, EcrJsonContext.Default.EcrRepository);

    public static EcrImage ReadImage(string json) => ParsedDocuments.Read(json, EcrJsonContext.Default.EcrImage);

    public static string Write(EcrImage image) => JsonSerializer.Serialize(image, EcrJsonContext.Default.EcrImage);

    public static EcrLayer ReadLayer(string json) => JsonSerializer.Deserialize(json, EcrJsonContext.Default.EcrLayer)!;

    public static string Write(EcrLayer layer) => JsonSerializer.Serialize(layer, EcrJsonContext.Default.EcrLayer);

    public static EcrRepository? FindRepository(IStoreReader store, string account, string region, string name) =>
        store.Get(RepositoryKey(account, region, name)) is { } item ? ReadRepository(item.Document) : null;

    public static EcrImage? FindImage(IStoreReader store, string account, string region, string repository, string digest) =>
        store.Get(ImageKey(account, region, repository, digest)) is { } item ? ReadImage(item.Document) : null;

    public static EcrLayer? FindLayer(IStoreReader store, string account, string region, string repository, string digest) =>
        store.Get(LayerKey(account, region, repository, digest)) is { } item ? ReadLayer(item.Document) : null;

    /// <summary>Every image of a repository, ordered by digest.</summary>
    public static List<EcrImage> ImagesOf(IStoreReader store, string account, string region, string repository) =>
        [.. All(store, new CollectionKey(account, region, Images), repository + "@").Select(i => ReadImage(i.Document))];

    /// <summary>The keys of every image and layer of a repository (for a forced delete).</summary>
    public static List<ResourceKey> ContentKeys(IStoreReader store, string account, string region, string repository) =>
        [.. All(store, new CollectionKey(account, region, Images), repository + "@")
            .Concat(All(store, new CollectionKey(account, region, Layers), repository + "@"))
            .Select(i => i.Key)];

    /// <summary>Every repository of an account and region, ordered by name.</summary>
    public static List<EcrRepository> RepositoriesOf(IStoreReader store, string account, string region) =>
        [.. All(store, new CollectionKey(account, region, Repositories), null).Select(i => ReadRepository(i.Document))];

    private static IEnumerable<StoredItem> All(IStoreReader store, CollectionKey collection, string? prefix)
    {
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(collection, prefix, ListQuery.MaxLimit, marker));
            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }
}
