using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.S3;

public sealed partial class S3Service
{
    private const int MaxKeysLimit = 1000;

    private void RegisterListing()
    {
        Register("ListObjectsV2", c => ListTarget(c), ListObjectsV2);
        Register("ListObjects", c => ListTarget(c), ListObjects);
    }

    /// <summary>s3:ListBucket on the bucket, with the listing's s3:prefix, s3:delimiter and s3:max-keys.</summary>
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
    private AuthorizationTarget ListTarget(OperationContext context)
    {
        var target = BucketTarget(context, "s3:ListBucket");
        if (context.String("Prefix") is { } prefix)
        {
            target = target.With("s3:prefix", prefix);
        }

        if (context.String("Delimiter") is { } delimiter)
        {
            target = target.With("s3:delimiter", delimiter);
        }

        if (context.Int("MaxKeys") is { } maxKeys)
        {
            target = target.With("s3:max-keys", maxKeys.ToString(CultureInfo.InvariantCulture));
        }

        return target;
    }

    private JsonObject? ListObjectsV2(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        var token = context.String("ContinuationToken");
        string? after = context.String("StartAfter");
        if (token is not null)
        {
            after = DecodeToken(token);
        }

        var page = List(context, bucket.Name, after);
        var url = context.String("EncodingType") == "url";
        var output = ListingOutput(context, bucket.Name, page, url, withOwner: context.Bool("FetchOwner") == true);
        output["KeyCount"] = page.Contents.Count + page.CommonPrefixes.Count;
        if (token is not null)
        {
            output["ContinuationToken"] = token;
        }

        if (context.String("StartAfter") is { } startAfter)
        {
            output["StartAfter"] = Encode(startAfter, url);
        }

        if (page.Truncated)
        {
            output["NextContinuationToken"] = EncodeToken(page.Last!);
        }

        return output;
    }

    private JsonObject? ListObjects(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        var marker = context.String("Marker");
        var page = List(context, bucket.Name, marker);
        var url = context.String("EncodingType") == "url";
        var output = ListingOutput(context, bucket.Name, page, url, withOwner: true);
        output["Marker"] = Encode(marker ?? "", url);
        if (page.Truncated && context.String("Delimiter") is not null)
        {
            output["NextMarker"] = Encode(page.Last!, url);
        }

        return output;
    }

    private JsonObject ListingOutput(OperationContext context, string bucket, ListingPage page, bool url, bool withOwner)
    {
        var owner = new JsonObject { ["ID"] = CanonicalId(S3Store.FindBucket(context.Store, bucket)!.Owner) };
        var contents = new JsonArray();
        foreach (var item in page.Contents)
        {
            var entry = new JsonObject
            {
                ["Key"] = Encode(item.Key, url),
                ["LastModified"] = JsonValue.Create(item.LastModified),
                ["ETag"] = item.ETag,
                ["Size"] = item.Data.LongLength,
                ["StorageClass"] = "STANDARD",
            };
            if (withOwner)
            {
                entry["Owner"] = owner.DeepClone();
            }

            contents.Add((JsonNode)entry);
        }

        var output = new JsonObject
        {
            ["Name"] = bucket,
            ["Prefix"] = Encode(context.String("Prefix") ?? "", url),
            ["MaxKeys"] = MaxKeys(context),
            ["IsTruncated"] = page.Truncated,
        };
        if (contents.Count > 0)
        {
            output["Contents"] = contents;
        }

        if (context.String("Delimiter") is { } delimiter)
        {
            output["Delimiter"] = Encode(delimiter, url);
        }

        if (page.CommonPrefixes.Count > 0)
        {
            output["CommonPrefixes"] = new JsonArray([.. page.CommonPrefixes.Select(p => (JsonNode)new JsonObject { ["Prefix"] = Encode(p, url) })]);
        }

        if (url)
        {
            output["EncodingType"] = "url";
        }

        return output;
    }

    private static int MaxKeys(OperationContext context)
    {
        var maxKeys = context.Int("MaxKeys") ?? MaxKeysLimit;
        if (maxKeys < 0)
        {
            throw S3Errors.InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
        }

        return Math.Min(maxKeys, MaxKeysLimit);
    }

    /// <summary>One page of a listing: keys and common prefixes (each counts once towards max-keys) after <paramref name="after"/>.</summary>
    private static ListingPage List(OperationContext context, string bucket, string? after)
    {
        var prefix = context.String("Prefix") ?? "";
        var delimiter = context.String("Delimiter") is { Length: > 0 } d ? d : null;
        var maxKeys = MaxKeys(context);
        var contents = new List<S3Object>();
        var prefixes = new List<string>();
        if (maxKeys == 0)
        {
            // An empty page that is not truncated (no marker or token to resume from), as S3 answers max-keys=0:
            // https://github.com/getmoto/moto/pull/4411, https://github.com/versity/versitygw/issues/248
            return new ListingPage(contents, prefixes, false, null);
        }

        string? last = null;
        var truncated = false;
        var start = after is not null && string.CompareOrdinal(after, prefix) > 0 ? after : null;
        foreach (var item in S3Store.ListObjects(context.Store, bucket, prefix, start))
        {
            string? common = null;
            if (delimiter is not null)
            {
                var index = item.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (index >= 0)
                {
                    common = item.Key[..(index + delimiter.Length)];
                }
            }

            // A page that ended on a common prefix resumes after every key under it.
            if (start is not null && delimiter is not null && start.EndsWith(delimiter, StringComparison.Ordinal) && item.Key.StartsWith(start, StringComparison.Ordinal))
            {
                continue;
            }

            if (common is not null && prefixes.Count > 0 && prefixes[^1] == common)
            {
                continue;
            }

            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }

            if (common is not null)
            {
                prefixes.Add(common);
                last = common;
            }
            else
            {
                contents.Add(item);
                last = item.Key;
            }
        }

        return new ListingPage(contents, prefixes, truncated, last);
    }

    private static string Encode(string value, bool url) => url ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

    private static string EncodeToken(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("1:" + lastKey));

    private static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("1:", StringComparison.Ordinal))
            {
                return text[2..];
            }
        }
        catch (FormatException)
        {
        }

        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }

    private sealed record ListingPage(List<S3Object> Contents, List<string> CommonPrefixes, bool Truncated, string? Last);
}
