using System.Text.Json;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ssm;

/// <summary>Where Parameter Store keeps its parameters: one JSON document per parameter, by account and region.</summary>
/// <remarks>The key is the name without its leading slash: <c>/TestParam1</c> and <c>TestParam1</c> are the same parameter
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html). Names are case
/// sensitive.</remarks>
public static class SsmStore
{
    public static readonly ResourceKind Parameters = new("ssm/parameter", CaseInsensitiveNames: false);

    public static ResourceKey Key(string account, string region, string name) => new(account, region, Parameters, SsmNames.KeyOf(name));

    public static CollectionKey Collection(string account, string region) => new(account, region, Parameters);

    public static StoredParameter Read(string json) => ParsedDocuments.Read(json, SsmJsonContext.Default.StoredParameter);

    public static string Write(StoredParameter parameter) => JsonSerializer.Serialize(parameter, SsmJsonContext.Default.StoredParameter);

    public static StoredParameter? Find(IStoreReader store, string account, string region, string name) =>
        store.Get(Key(account, region, name)) is { } item ? Read(item.Document) : null;

    /// <summary>Every parameter whose key starts with <paramref name="keyPrefix"/>, in key order.</summary>
    public static IEnumerable<StoredParameter> List(IStoreReader store, string account, string region, string? keyPrefix)
    {
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(Collection(account, region), keyPrefix is { Length: > 0 } ? keyPrefix : null, 1000, marker));
            foreach (var item in page.Items)
            {
                yield return Read(item.Document);
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }
}
