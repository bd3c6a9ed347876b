namespace Stevedore.Cloud.Ecr;

/// <summary>A tag on a repository.</summary>
internal sealed record EcrTag(string Key, string Value);

/// <summary>One tag-mutability exclusion filter (<c>WILDCARD</c>).</summary>
internal sealed record EcrMutabilityFilter(string FilterType, string Filter);

/// <summary>A private repository, with its settings, tags and policy.</summary>
internal sealed record EcrRepository(
    string Account,
    string Region,
    string Name,
    DateTimeOffset CreatedAt,
    string ImageTagMutability,
    IReadOnlyList<EcrMutabilityFilter>? MutabilityExclusionFilters,
    bool ScanOnPush,
    string EncryptionType,
    string? KmsKey,
    IReadOnlyList<EcrTag> Tags,
    string? Policy)
{
    public string Arn => EcrService.RepositoryArn(Region, Account, Name);

    public string Uri => $"{Account}.dkr.ecr.{Region}.amazonaws.com/{Name}";
}

/// <summary>A layer (or config blob) a manifest references.</summary>
internal sealed record EcrLayer(string Digest, long Size, string? MediaType);

/// <summary>An image: a manifest, its digest, its tags and the blobs it references.</summary>
internal sealed record EcrImage(
    string Repository,
    string Digest,
    IReadOnlyList<string> Tags,
    string Manifest,
    string ManifestMediaType,
    string? ArtifactMediaType,
    DateTimeOffset PushedAt,
    long Size,
    IReadOnlyList<EcrLayer> Layers);
