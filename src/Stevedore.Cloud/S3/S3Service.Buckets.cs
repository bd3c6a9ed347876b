using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.S3;

public sealed partial class S3Service
{
    private void RegisterBuckets()
    {
        Register("CreateBucket", c => new AuthorizationTarget("s3:CreateBucket", BucketArn(Bucket(c))), CreateBucket);
        Register("HeadBucket", c => BucketTarget(c, "s3:ListBucket"), HeadBucket);
        Register("GetBucketLocation", c => BucketTarget(c, "s3:GetBucketLocation"), GetBucketLocation);
        Register("DeleteBucket", c => BucketTarget(c, "s3:DeleteBucket"), DeleteBucket);
        Register("ListBuckets", _ => new AuthorizationTarget("s3:ListAllMyBuckets", "*"), ListBuckets);
    }

    private JsonObject? CreateBucket(OperationContext context)
    {
        var name = Bucket(context);
        if (!IsValidBucketName(name))
        {
            throw S3Errors.InvalidBucketName(name);
        }

        var constraint = context.Input["CreateBucketConfiguration"]?["LocationConstraint"]?.GetValue<string>();
        var region = context.Region;
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (us-east-1 is the default and cannot be named)
        if (constraint is null && region != "us-east-1")
        {
            throw new RestXmlException("IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", 400, []);
        }

        if (constraint == "us-east-1")
        {
            throw new RestXmlException("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, [new("LocationConstraint", constraint)]);
        }

        if (constraint is not null && constraint != region)
        {
            throw new RestXmlException("IllegalLocationConstraintException",
                $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.", 400, []);
        }

        var created = context.Store.Write(tx =>
        {
            if (S3Store.FindBucket(tx, name) is { } existing)
            {
                if (existing.Owner != context.AccountId)
                {
                    throw S3Errors.BucketAlreadyExists(name);
                }

                // Re-creating a bucket you own in us-east-1 succeeds (a legacy quirk); elsewhere it is BucketAlreadyOwnedByYou.
                // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html#API_CreateBucket_Errors
                if (existing.Region == "us-east-1" && region == "us-east-1")
                {
                    return false;
                }

                throw S3Errors.BucketAlreadyOwnedByYou(name);
            }

            tx.Insert(S3Store.BucketKey(name), S3Store.Write(new S3Bucket(name, context.AccountId, region, context.Now)));
            return true;
        });
        _ = created;
        return new JsonObject { ["Location"] = "/" + name };
    }

    private JsonObject? HeadBucket(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        return new JsonObject { ["BucketRegion"] = bucket.Region, ["BucketArn"] = BucketArn(bucket.Name) };
    }

    private JsonObject? GetBucketLocation(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        // us-east-1 buckets answer an empty LocationConstraint.
        return bucket.Region == "us-east-1" ? Empty() : new JsonObject { ["LocationConstraint"] = bucket.Region };
    }

    private JsonObject? DeleteBucket(OperationContext context)
    {
        var name = Bucket(context);
        context.Store.Write(tx =>
        {
            if (S3Store.FindBucket(tx, name) is null)
            {
                throw S3Errors.NoSuchBucket(name);
            }

            if (tx.Count(S3Store.ObjectCollection, name + "/") > 0)
            {
                throw S3Errors.BucketNotEmpty(name);
            }

            tx.Delete(S3Store.BucketKey(name));
        });
        return null;
    }

    private JsonObject? ListBuckets(OperationContext context)
    {
        var prefix = context.String("Prefix") ?? "";
        var buckets = new JsonArray();
        string? marker = null;
        do
        {
            var page = context.Store.List(new ListQuery(S3Store.BucketCollection, prefix.Length > 0 ? prefix : null, 1000, marker));
            foreach (var item in page.Items)
            {
                var bucket = S3Store.ReadBucket(item.Document);
                if (bucket.Owner == context.AccountId)
                {
                    buckets.Add((JsonNode)(new JsonObject
                    {
                        ["Name"] = bucket.Name,
                        ["CreationDate"] = JsonValue.Create(bucket.Created),
                        ["BucketRegion"] = bucket.Region,
                    }));
                }
            }

            marker = page.NextMarker;
        }
        while (marker is not null);

        var output = new JsonObject
        {
            ["Buckets"] = buckets,
            ["Owner"] = new JsonObject { ["ID"] = CanonicalId(context.AccountId) },
        };
        if (prefix.Length > 0)
        {
            output["Prefix"] = prefix;
        }

        return output;
    }

    /// <summary>General purpose bucket naming rules.</summary>
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    public static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && BucketNamePattern().IsMatch(name)
        && !name.Contains("..", StringComparison.Ordinal)
        && !IPAddress.TryParse(name, out _)
        && !name.StartsWith("xn--", StringComparison.Ordinal)
        && !name.StartsWith("sthree-", StringComparison.Ordinal)
        && !name.StartsWith("amzn-s3-demo-", StringComparison.Ordinal)
        && !name.EndsWith("-s3alias", StringComparison.Ordinal)
        && !name.EndsWith("--ol-s3", StringComparison.Ordinal)
        && !name.EndsWith(".mrap", StringComparison.Ordinal)
        && !name.EndsWith("--x-s3", StringComparison.Ordinal)
        && !name.EndsWith("--table-s3", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketNamePattern();
}
