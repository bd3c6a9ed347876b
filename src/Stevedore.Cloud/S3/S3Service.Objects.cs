using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.S3;

public sealed partial class S3Service
{
    /// <summary>The largest single PUT S3 accepts (5 GiB); the server's own request limit is far lower.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Request headers kept with an object and returned by GetObject/HeadObject (output member names).</summary>
    private static readonly string[] StoredHeaderMembers = ["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage"];

    private void RegisterObjects()
    {
        Register("PutObject", c => ObjectTarget(c, "s3:PutObject"), PutObject);
        Register("GetObject", c => ObjectTarget(c, "s3:GetObject"), GetObject);
        Register("HeadObject", c => ObjectTarget(c, "s3:GetObject"), HeadObject);
        Register("DeleteObject", c => ObjectTarget(c, "s3:DeleteObject"), DeleteObject);
        // Authorized per key (s3:DeleteObject), each denial reported in Errors, as S3 does.
        Register("DeleteObjects", c => { RequireBucket(c, Bucket(c)); return AuthorizationTarget.Unconditional; }, DeleteObjects);
        Register("CopyObject", c => ObjectTarget(c, "s3:PutObject"), CopyObject);
    }

    private AuthorizationTarget ObjectTarget(OperationContext context, string action) =>
        BucketTarget(context, action, ObjectArn(Bucket(context), context.RequiredString("Key")));

    private JsonObject? PutObject(OperationContext context)
    {
        var bucket = Bucket(context);
        var key = context.RequiredString("Key");
        var data = context.Input["Body"]?.GetValue<byte[]>() ?? [];
        if (data.LongLength > MaxObjectSize)
        {
            throw S3Errors.EntityTooLarge(data.LongLength);
        }

        CheckContentMd5(context.String("ContentMD5"), data);
        var checksums = CheckChecksums(context, data);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in StoredHeaderMembers)
        {
            if (context.String(member) is { } value)
            {
                headers[member] = value;
            }
        }

        var metadata = context.Input["Metadata"]?.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var stored = new S3Object(key, data, ETagOf(data), context.Now, context.String("ContentType"), metadata, headers, checksums);
        Save(context, bucket, stored);
        var output = new JsonObject { ["ETag"] = stored.ETag, ["Size"] = data.LongLength };
        AddChecksums(output, checksums);
        return output;
    }

    private JsonObject? GetObject(OperationContext context)
    {
        var (bucket, stored) = RequireObject(context);
        var output = ObjectHeaders(stored, context.String("ChecksumMode") == "ENABLED");
        var data = stored.Data;
        if (context.String("Range") is { } range && ParseRange(range, data.LongLength) is { } slice)
        {
            if (slice.Start < 0)
            {
                throw S3Errors.InvalidRange(range, data.LongLength);
            }

            var length = slice.End - slice.Start + 1;
            output[RestXmlProtocol.StatusKey] = 206;
            output["ContentRange"] = $"bytes {slice.Start}-{slice.End}/{data.LongLength}";
            output["ContentLength"] = length;
            output["Body"] = BlobValue.Create(data.AsSpan((int)slice.Start, (int)length).ToArray());
            output.Remove("ChecksumCRC32");
            output.Remove("ChecksumCRC32C");
            output.Remove("ChecksumCRC64NVME");
            output.Remove("ChecksumSHA1");
            output.Remove("ChecksumSHA256");
        }
        else
        {
            output["Body"] = BlobValue.Create(data);
        }

        ApplyResponseOverrides(context, output);
        _ = bucket;
        return output;
    }

    private JsonObject? HeadObject(OperationContext context)
    {
        var (_, stored) = RequireObject(context);
        return ObjectHeaders(stored, context.String("ChecksumMode") == "ENABLED");
    }

    private JsonObject? DeleteObject(OperationContext context)
    {
        var bucket = Bucket(context);
        var key = context.RequiredString("Key");
        context.Store.Write(tx => tx.Delete(S3Store.ObjectKey(bucket, key)));
        return null;
    }

    private JsonObject? DeleteObjects(OperationContext context)
    {
        var bucketName = Bucket(context);
        var bucket = RequireBucket(context, bucketName);
        var delete = context.Input["Delete"]?.AsObject() ?? throw S3Errors.MalformedXml();
        var objects = delete["Objects"]?.AsArray() ?? throw S3Errors.MalformedXml();
        if (objects.Count > 1000)
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = delete["Quiet"]?.GetValue<bool>() ?? false;
        var deleted = new JsonArray();
        var errors = new JsonArray();
        var policy = BucketPolicy(bucket);
        foreach (var item in objects)
        {
            var key = item?["Key"]?.GetValue<string>() ?? "";
            var target = new AuthorizationTarget("s3:DeleteObject", ObjectArn(bucketName, key), policy, ResourceAccount: bucket.Owner);
            if (!context.IsAllowed(target, EndpointServiceFor("DeleteObjects")))
            {
                errors.Add((JsonNode)(new JsonObject { ["Key"] = key, ["Code"] = "AccessDenied", ["Message"] = "Access Denied" }));
                continue;
            }

            context.Store.Write(tx => tx.Delete(S3Store.ObjectKey(bucketName, key)));
            if (!quiet)
            {
                deleted.Add((JsonNode)(new JsonObject { ["Key"] = key }));
            }
        }

        var output = new JsonObject();
        if (deleted.Count > 0)
        {
            output["Deleted"] = deleted;
        }

        if (errors.Count > 0)
        {
            output["Errors"] = errors;
        }

        return output;
    }

    private JsonObject? CopyObject(OperationContext context)
    {
        var bucket = Bucket(context);
        var key = context.RequiredString("Key");
        var (sourceBucket, sourceKey) = ParseCopySource(context.RequiredString("CopySource"));
        var source = RequireBucket(context, sourceBucket);
        // The copy reads the source: s3:GetObject on it, under its bucket's policy.
        context.Authorize(
            new AuthorizationTarget("s3:GetObject", ObjectArn(sourceBucket, sourceKey), BucketPolicy(source), ResourceAccount: source.Owner),
            EndpointServiceFor("CopyObject"));
        var original = S3Store.FindObject(context.Store, sourceBucket, sourceKey) ?? throw S3Errors.NoSuchKey(sourceKey);
        var replace = string.Equals(context.String("MetadataDirective"), "REPLACE", StringComparison.Ordinal);
        if (sourceBucket == bucket && sourceKey == key && !replace)
        {
            throw S3Errors.InvalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        var copy = original with { Key = key, LastModified = context.Now };
        if (replace)
        {
            var metadata = context.Input["Metadata"]?.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
            copy = copy with { ContentType = context.String("ContentType"), Metadata = metadata };
        }

        Save(context, bucket, copy);
        return new JsonObject
        {
            ["CopyObjectResult"] = new JsonObject { ["ETag"] = copy.ETag, ["LastModified"] = JsonValue.Create(copy.LastModified) },
        };
    }

    private static void Save(OperationContext context, string bucket, S3Object value)
    {
        S3HeaderText.RequireStorable(value);
        context.Store.Write(tx =>
        {
            if (S3Store.FindBucket(tx, bucket) is null)
            {
                throw S3Errors.NoSuchBucket(bucket);
            }

            tx.Put(S3Store.ObjectKey(bucket, value.Key), S3Store.Write(value));
        });
    }

    /// <summary>
    /// The object, or NoSuchKey — which S3 answers only to callers who may list the bucket; others get AccessDenied.
    /// </summary>
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_Permissions
    private (S3Bucket Bucket, S3Object Object) RequireObject(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        var key = context.RequiredString("Key");
        if (S3Store.FindObject(context.Store, bucket.Name, key) is { } found)
        {
            return (bucket, found);
        }

        var list = new AuthorizationTarget("s3:ListBucket", BucketArn(bucket.Name), BucketPolicy(bucket), ResourceAccount: bucket.Owner);
        if (!context.IsAllowed(list, EndpointServiceFor(context.Operation)))
        {
            throw S3Errors.AccessDenied();
        }

        throw S3Errors.NoSuchKey(key);
    }

    /// <summary>The object's headers; its checksums only when asked for (<c>x-amz-checksum-mode: ENABLED</c>).</summary>
    private static JsonObject ObjectHeaders(S3Object stored, bool checksums)
    {
        var output = new JsonObject
        {
            ["AcceptRanges"] = "bytes",
            ["LastModified"] = JsonValue.Create(stored.LastModified),
            ["ContentLength"] = stored.Data.LongLength,
            ["ETag"] = stored.ETag,
            ["ContentType"] = stored.ContentType ?? "binary/octet-stream",
        };
        foreach (var (name, value) in stored.Headers ?? new Dictionary<string, string>())
        {
            output[name] = value;
        }

        if (stored.Metadata is { Count: > 0 } metadata)
        {
            var map = new JsonObject();
            foreach (var (name, value) in metadata)
            {
                map[name] = value;
            }

            output["Metadata"] = map;
        }

        if (checksums)
        {
            AddChecksums(output, stored.Checksums);
        }

        return output;
    }

    private static void ApplyResponseOverrides(OperationContext context, JsonObject output)
    {
        (string Request, string Parameter, string Output)[] overrides =
        [
            ("ResponseContentType", "response-content-type", "ContentType"),
            ("ResponseCacheControl", "response-cache-control", "CacheControl"),
            ("ResponseContentDisposition", "response-content-disposition", "ContentDisposition"),
            ("ResponseContentEncoding", "response-content-encoding", "ContentEncoding"),
            ("ResponseContentLanguage", "response-content-language", "ContentLanguage"),
        ];
        foreach (var (request, parameter, name) in overrides)
        {
            if (context.String(request) is { } value)
            {
                S3HeaderText.RequireLatin1(parameter, value);
                output[name] = value;
            }
        }
    }


    private static void AddChecksums(JsonObject output, IReadOnlyDictionary<string, string>? checksums)
    {
        foreach (var (algorithm, value) in checksums ?? new Dictionary<string, string>())
        {
            output["Checksum" + algorithm.ToUpperInvariant()] = value;
        }
    }

    /// <summary>Content-MD5: InvalidDigest when it is not a base64 MD5, BadDigest when it differs from the body's.</summary>
    private static void CheckContentMd5(string? contentMd5, byte[] data)
    {
        if (contentMd5 is null)
        {
            return;
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromBase64String(contentMd5);
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidDigest(contentMd5);
        }

        if (claimed.Length != 16)
        {
            throw S3Errors.InvalidDigest(contentMd5);
        }

        var actual = MD5.HashData(data);
        if (!claimed.AsSpan().SequenceEqual(actual))
        {
            throw S3Errors.BadDigest(contentMd5, Convert.ToBase64String(actual));
        }
    }

    /// <summary>The <c>x-amz-checksum-*</c> values sent (as headers or trailers), verified against the body; lower-case algorithm → base64.</summary>
    private static Dictionary<string, string>? CheckChecksums(OperationContext context, byte[] data)
    {
        Dictionary<string, string>? result = null;
        foreach (var algorithm in PayloadChecksum.Algorithms)
        {
            var member = "Checksum" + algorithm.ToUpperInvariant();
            var value = context.String(member) ?? context.Request?.Header("x-amz-checksum-" + algorithm);
            if (value is null)
            {
                continue;
            }

            if (PayloadChecksum.Compute(algorithm, data) != value)
            {
                throw S3Errors.BadChecksum(algorithm);
            }

            (result ??= new Dictionary<string, string>(StringComparer.Ordinal))[algorithm] = value;
        }

        return result;
    }

    /// <summary>
    /// One byte range (<c>bytes=0-9</c>, <c>bytes=10-</c>, <c>bytes=-5</c>): null when the header is not a single range
    /// (S3 then returns the whole object); Start = -1 when the range is not satisfiable.
    /// </summary>
    private static (long Start, long End)? ParseRange(string header, long size)
    {
        const string Prefix = "bytes=";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header[Prefix.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            return suffix == 0 || size == 0 ? (-1, -1) : (Math.Max(0, size - suffix), size - 1);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        long end;
        if (last.Length == 0)
        {
            end = size - 1;
        }
        else if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
        {
            return null;
        }

        return start >= size ? (-1, -1) : (start, Math.Min(end, size - 1));
    }

    /// <summary><c>x-amz-copy-source</c>: <c>bucket/key</c> or <c>/bucket/key</c>, URL-encoded, optionally <c>?versionId=…</c>.</summary>
    private static (string Bucket, string Key) ParseCopySource(string header)
    {
        var text = header;
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            text = text[..question];
        }

        text = Uri.UnescapeDataString(text).TrimStart('/');
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw S3Errors.InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }

        return (text[..slash], text[(slash + 1)..]);
    }
}
