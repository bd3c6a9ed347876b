using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stevedore.Policy.Catalog;

// Shapes of Data/catalog.json.gz, written by tools/catalog-gen/index.mjs. Empty arrays and false flags are omitted there.

internal sealed class CatalogDto
{
    public string Source { get; set; } = "";
    public string Version { get; set; } = "";
    public DateTimeOffset? UpdatedAt { get; set; }
    public string[] AllServices { get; set; } = [];
    public ConditionKeyDto[] GlobalConditionKeys { get; set; } = [];
    public ServiceDto[] Services { get; set; } = [];
}

internal sealed class ServiceDto
{
    public string Prefix { get; set; } = "";
    public string Name { get; set; } = "";
    public ActionDto[] Actions { get; set; } = [];
    public ResourceTypeDto[] ResourceTypes { get; set; } = [];
    public ConditionKeyDto[] ConditionKeys { get; set; } = [];
}

internal sealed class ActionDto
{
    public string Name { get; set; } = "";
    public string Access { get; set; } = "";
    public ActionResourceTypeDto[] ResourceTypes { get; set; } = [];
    public string[] ConditionKeys { get; set; } = [];
}

internal sealed class ActionResourceTypeDto
{
    public string Name { get; set; } = "";
    public bool Required { get; set; }
    public string[] ConditionKeys { get; set; } = [];
}

internal sealed class ResourceTypeDto
{
    public string Name { get; set; } = "";
    public string Arn { get; set; } = "";
    public string[] ConditionKeys { get; set; } = [];
}

internal sealed class ConditionKeyDto
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CatalogDto))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;

/// <summary>Reads the gzipped catalog JSON and builds the immutable model.</summary>
internal static class CatalogReader
{
    public const string ResourceName = "Stevedore.Policy.Catalog.catalog.json.gz";

    public static CatalogDto ReadEmbedded()
    {
        using var stream = typeof(CatalogReader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' not found; run tools/catalog-gen.");
        return ReadGzip(stream);
    }

    public static CatalogDto ReadGzip(Stream gzipped)
    {
        using var json = new GZipStream(gzipped, CompressionMode.Decompress, leaveOpen: true);
        return JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDto)
            ?? throw new InvalidDataException("Action catalog is empty.");
    }

    public static ServiceInfo BuildService(ServiceDto dto)
    {
        var resourceTypes = dto.ResourceTypes
            .Select(r => new ResourceTypeInfo(r.Name, r.Arn, Frozen(r.ConditionKeys)))
            .ToArray();
        var byName = resourceTypes.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var actions = dto.Actions
            .Select(a => new ActionInfo(
                dto.Prefix,
                a.Name,
                ParseAccessLevel(dto.Prefix, a),
                Array.AsReadOnly(a.ResourceTypes
                    .Select(r => new ActionResourceType(
                        r.Name,
                        r.Required,
                        Frozen(r.ConditionKeys),
                        byName.TryGetValue(r.Name, out var rt)
                            ? rt
                            : throw new InvalidDataException($"{dto.Prefix}:{a.Name}: unknown resource type '{r.Name}'.")))
                    .ToArray()),
                Frozen(a.ConditionKeys)))
            .ToArray();
        return new ServiceInfo(
            dto.Prefix,
            dto.Name,
            Array.AsReadOnly(actions),
            Array.AsReadOnly(resourceTypes),
            ConditionKeys(dto.ConditionKeys));
    }

    public static IReadOnlyList<ConditionKeyInfo> ConditionKeys(ConditionKeyDto[] keys) =>
        Array.AsReadOnly(keys.Select(k => new ConditionKeyInfo(k.Name, ConditionKeyInfo.ParseType(k.Type))).ToArray());

    private static readonly IReadOnlyList<string> Empty = Array.AsReadOnly(Array.Empty<string>());

    private static IReadOnlyList<string> Frozen(string[] values) =>
        values.Length == 0 ? Empty : Array.AsReadOnly(values.Select(string.Intern).ToArray());

    private static AccessLevel ParseAccessLevel(string prefix, ActionDto action) => action.Access switch
    {
        "List" => AccessLevel.List,
        "Read" => AccessLevel.Read,
        "Write" => AccessLevel.Write,
        "PermissionsManagement" => AccessLevel.PermissionsManagement,
        "Tagging" => AccessLevel.Tagging,
        _ => throw new InvalidDataException($"{prefix}:{action.Name}: unknown access level '{action.Access}'."),
    };
}
