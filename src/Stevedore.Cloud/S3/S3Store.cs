using System.Text.Json;
using Stevedore.Storage;

namespace Stevedore.Cloud.S3;

/// <summary>
/// Where S3 keeps buckets and objects. Bucket names are global (account "", region ""); an object's key is
/// <c>bucket/key</c> so that a bucket's objects list in key order (UTF-8 binary order, as S3 lists them).
/// </summary>
public static class S3Store
{
    public static readonly ResourceKind Buckets = new("s3/bucket", CaseInsensitiveNames: false);
    public static readonly ResourceKind Objects = new("s3/object", CaseInsensitiveNames: false, Bulk: true);

    public static ResourceKey BucketKey(string bucket) => new("", "", Buckets, bucket);

    public static ResourceKey ObjectKey(string bucket, string key) => new("", "", Objects, bucket + "/" + key);

    public static CollectionKey BucketCollection => new("", "", Buckets);

    public static CollectionKey ObjectCollection => new("", "", Objects);

    public static S3Bucket ReadBucket(string json) => JsonSerializer.Deserialize(json, S3JsonContext.Default.S3Bucket)!;

    public static string Write(S3Bucket bucket) => JsonSerializer.Serialize(bucket, S3JsonContext.Default.S3Bucket);

    public static S3Object ReadObject(string json) => JsonSerializer.Deserialize(json, S3JsonContext.Default.S3Object)!;

    public static string Write(S3Object value) => JsonSerializer.Serialize(value, S3JsonContext.Default.S3Object);

    public static S3Bucket? FindBucket(IStoreReader store, string bucket) =>
        bucket.Length > 0 && store.Get(BucketKey(bucket)) is { } item ? ReadBucket(item.Document) : null;

    public static S3Object? FindObject(IStoreReader store, string bucket, string key) =>
        store.Get(ObjectKey(bucket, key)) is { } item ? ReadObject(item.Document) : null;

    /// <summary>Every object of a bucket whose key starts with <paramref name="prefix"/>, in key order, after <paramref name="after"/>.</summary>
    public static IEnumerable<S3Object> ListObjects(IStoreReader store, string bucket, string prefix, string? after)
    {
        string? marker = null;
        if (after is { Length: > 0 })
        {
            marker = ListMarker.Encode(Objects, bucket + "/" + after);
        }

        while (true)
        {
            var page = store.List(new ListQuery(ObjectCollection, bucket + "/" + prefix, 1000, marker));
            foreach (var item in page.Items)
            {
                yield return ReadObject(item.Document);
            }

            if (page.NextMarker is null)
            {
                yield break;
            }

            marker = page.NextMarker;
        }
    }
}
