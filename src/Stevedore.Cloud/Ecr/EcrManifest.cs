using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stevedore.Cloud.Ecr;

/// <summary>
/// What ECR reads from an image manifest: its media type, the blobs it references (config and layers) and, for a
/// manifest list or OCI index, the manifests it references. The digest is the SHA-256 of the manifest's bytes.
/// </summary>
// https://distribution.github.io/distribution/spec/manifest-v2-2/ and https://github.com/opencontainers/image-spec/blob/main/manifest.md
internal sealed partial record EcrManifest(
    string MediaType,
    string? ArtifactMediaType,
    IReadOnlyList<EcrLayer> Blobs,
    IReadOnlyList<string> ReferencedManifests)
{
    public const string DockerV2 = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerV1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerV1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The manifest's digest: <c>sha256:</c> and the hex SHA-256 of its UTF-8 bytes.</summary>
    public static string DigestOf(string manifest) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));

    /// <summary>Whether a string is a digest as ECR's API accepts it.</summary>
    public static bool IsDigest(string digest) => DigestPattern().IsMatch(digest);

    /// <summary>Reads a manifest, or returns null when it is not a manifest ECR accepts.</summary>
    /// <param name="declaredMediaType">The <c>imageManifestMediaType</c> the caller sent, if any.</param>
    public static EcrManifest? Parse(string manifest, string? declaredMediaType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifest);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, declaredMediaType);
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\ud800") in a string: System.Text.Json will not decode it.
                return null;
            }
        }
    }

    private static EcrManifest? Read(JsonElement root, string? declaredMediaType)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) ||
            version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var schemaVersion))
        {
            return null;
        }

        var inner = String(root, "mediaType");
        if (declaredMediaType is not null && inner is not null && declaredMediaType != inner)
        {
            return null;
        }

        if (schemaVersion == 1)
        {
            var v1Blobs = Array(root, "fsLayers").Select(l => String(l, "blobSum")).OfType<string>().Where(IsDigest)
                .Distinct().Select(d => new EcrLayer(d, 0, null)).ToList();
            return new EcrManifest(declaredMediaType ?? DockerV1Signed, null, v1Blobs, []);
        }

        if (schemaVersion != 2)
        {
            return null;
        }

        if (root.TryGetProperty("manifests", out _))
        {
            var referenced = Array(root, "manifests").Select(m => String(m, "digest")).OfType<string>().ToList();
            if (referenced.Any(d => !IsDigest(d)))
            {
                return null;
            }

            return new EcrManifest(declaredMediaType ?? inner ?? OciIndex, null, [], referenced);
        }

        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var blobs = new List<EcrLayer>();
        foreach (var descriptor in Array(root, "layers").Prepend(config))
        {
            var digest = String(descriptor, "digest");
            if (digest is null || !IsDigest(digest))
            {
                return null;
            }

            long size = 0;
            if (descriptor.TryGetProperty("size", out var s) && (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out size)))
            {
                return null; // a descriptor's size is an int64 (OCI image spec, descriptor properties)
            }

            if (blobs.All(b => b.Digest != digest))
            {
                blobs.Add(new EcrLayer(digest, size, String(descriptor, "mediaType")));
            }
        }

        var configType = String(config, "mediaType");
        var mediaType = declaredMediaType ?? inner ?? (configType?.StartsWith("application/vnd.oci.", StringComparison.Ordinal) == true ? OciManifest : DockerV2);
        return new EcrManifest(mediaType, configType, blobs, []);
    }

    /// <summary>The image size ECR reports: the sum of the layers' sizes (the config blob excluded).</summary>
    public long LayersSize => Blobs.Skip(1).Sum(b => b.Size);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    [GeneratedRegex("^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$")]
    private static partial Regex DigestPattern();
}
