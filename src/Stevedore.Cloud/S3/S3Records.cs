using System.Text.Json.Serialization;

namespace Stevedore.Cloud.S3;

/// <summary>A bucket: its owner, Region, creation time, policy and tags.</summary>
public sealed record S3Bucket(
    string Name,
    string Owner,
    string Region,
    DateTimeOffset Created,
    string? Policy = null,
    IReadOnlyList<S3Tag>? Tags = null);

/// <summary>A bucket tag.</summary>
public sealed record S3Tag(string Key, string Value);

/// <summary>An object: its data, ETag and the headers S3 keeps with it.</summary>
public sealed record S3Object(
    string Key,
    byte[] Data,
    string ETag,
    DateTimeOffset LastModified,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? Checksums = null);

[JsonSerializable(typeof(S3Bucket))]
[JsonSerializable(typeof(S3Object))]
internal sealed partial class S3JsonContext : JsonSerializerContext;
