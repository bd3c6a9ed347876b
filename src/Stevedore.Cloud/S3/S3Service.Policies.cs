using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cloud.S3;

public sealed partial class S3Service
{
    private void RegisterPolicies()
    {
        Register("PutBucketPolicy", c => BucketTarget(c, "s3:PutBucketPolicy"), PutBucketPolicy);
        Register("GetBucketPolicy", c => BucketTarget(c, "s3:GetBucketPolicy"), GetBucketPolicy);
        Register("DeleteBucketPolicy", c => BucketTarget(c, "s3:DeleteBucketPolicy"), DeleteBucketPolicy);
        Register("PutBucketTagging", c => BucketTarget(c, "s3:PutBucketTagging"), PutBucketTagging);
        Register("GetBucketTagging", c => BucketTarget(c, "s3:GetBucketTagging"), GetBucketTagging);
        // DeleteBucketTagging is authorized by s3:PutBucketTagging.
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html
        Register("DeleteBucketTagging", c => BucketTarget(c, "s3:PutBucketTagging"), DeleteBucketTagging);
    }

    private JsonObject? PutBucketPolicy(OperationContext context)
    {
        var name = Bucket(context);
        var policy = context.String("Policy") ?? throw S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        ValidateBucketPolicy(name, policy);
        UpdateBucket(context, name, b => b with { Policy = policy });
        return null;
    }

    private JsonObject? GetBucketPolicy(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        return new JsonObject { ["Policy"] = bucket.Policy ?? throw S3Errors.NoSuchBucketPolicy(bucket.Name) };
    }

    private JsonObject? DeleteBucketPolicy(OperationContext context)
    {
        UpdateBucket(context, Bucket(context), b => b with { Policy = null });
        return null;
    }

    private JsonObject? PutBucketTagging(OperationContext context)
    {
        var tagSet = context.Input["Tagging"]?["TagSet"]?.AsArray() ?? throw S3Errors.MalformedXml();
        var tags = new List<S3Tag>();
        foreach (var node in tagSet)
        {
            var key = node?["Key"]?.GetValue<string>() ?? throw S3Errors.MalformedXml();
            var value = node["Value"]?.GetValue<string>() ?? throw S3Errors.MalformedXml();
            if (key.Length is 0 or > 128)
            {
                throw new RestXmlException("InvalidTag", "The TagKey you have provided is invalid", 400, [new("TagKey", key)]);
            }

            if (value.Length > 256)
            {
                throw new RestXmlException("InvalidTag", "The TagValue you have provided is invalid", 400, [new("TagKey", key), new("TagValue", value)]);
            }

            if (tags.Any(t => t.Key == key))
            {
                throw new RestXmlException("InvalidTag", "Cannot provide multiple Tags with the same key", 400, [new("TagKey", key)]);
            }

            tags.Add(new S3Tag(key, value));
        }

        if (tags.Count > 50)
        {
            throw new RestXmlException("InvalidTag", "Object tags cannot be greater than 50", 400, []);
        }

        UpdateBucket(context, Bucket(context), b => b with { Tags = tags });
        return null;
    }

    private JsonObject? GetBucketTagging(OperationContext context)
    {
        var bucket = RequireBucket(context, Bucket(context));
        if (bucket.Tags is not { Count: > 0 } tags)
        {
            throw S3Errors.NoSuchTagSet(bucket.Name);
        }

        return new JsonObject
        {
            ["TagSet"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        };
    }

    private JsonObject? DeleteBucketTagging(OperationContext context)
    {
        UpdateBucket(context, Bucket(context), b => b with { Tags = null });
        return null;
    }

    private static void UpdateBucket(OperationContext context, string name, Func<S3Bucket, S3Bucket> change) =>
        context.Store.Write(tx =>
        {
            var item = tx.Get(S3Store.BucketKey(name)) ?? throw S3Errors.NoSuchBucket(name);
            tx.Update(item.Key, S3Store.Write(change(S3Store.ReadBucket(item.Document))), item.Version);
        });

    /// <summary>
    /// A bucket policy must be a valid resource policy whose every resource is the bucket or an object in it.
    /// </summary>
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
    private static void ValidateBucketPolicy(string bucket, string policy)
    {
        try
        {
            using var _ = JsonDocument.Parse(policy);
        }
        catch (JsonException)
        {
            throw S3Errors.MalformedPolicy("This policy contains invalid Json");
        }

        var parsed = PolicyParser.Parse(policy, PolicyType.Resource);
        if (!parsed.Success)
        {
            throw S3Errors.MalformedPolicy(parsed.FirstError?.Message ?? "This policy contains invalid Json");
        }

        foreach (var statement in parsed.Document!.Statements)
        {
            foreach (var resource in statement.Resource?.Values ?? [])
            {
                var arn = BucketArn(bucket);
                if (resource != arn && !resource.StartsWith(arn + "/", StringComparison.Ordinal))
                {
                    throw S3Errors.MalformedPolicy("Policy has invalid resource");
                }
            }

            foreach (var action in statement.Action?.Values ?? [])
            {
                if (!action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && action != "*")
                {
                    throw S3Errors.MalformedPolicy("Policy has invalid action");
                }
            }
        }
    }
}
