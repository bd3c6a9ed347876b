using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;

namespace Stevedore.Cloud.S3;

/// <summary>
/// Amazon S3 (REST-XML): buckets (global names, owned by an account, in a Region), objects, bucket policies (resource
/// policies) and bucket tags. ARNs are <c>arn:aws:s3:::bucket</c> and <c>arn:aws:s3:::bucket/key</c>.
/// </summary>
public sealed partial class S3Service : AwsService
{
    /// <summary>The XML namespace of S3 documents.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly RestXmlProtocol Wire = new(new RestXmlOptions
    {
        PathResolver = S3Addressing.PathStyle,
        XmlNamespace = Namespace,
        OutputRootNames = new Dictionary<string, string>
        {
            ["ListBuckets"] = "ListAllMyBucketsResult",
            ["ListObjectsV2"] = "ListBucketResult",
            ["ListObjects"] = "ListBucketResult",
            ["DeleteObjects"] = "DeleteResult",
            ["GetBucketLocation"] = "LocationConstraint",
            ["GetBucketTagging"] = "Tagging",
        },
    });

    /// <summary>Every IAM action the authorization mapping uses (checked against the action catalog by the tests).</summary>
    public static IReadOnlyList<string> AuthorizationActions { get; } =
    [
        "s3:CreateBucket", "s3:ListBucket", "s3:GetBucketLocation", "s3:DeleteBucket", "s3:ListAllMyBuckets", "s3:PutObject", "s3:GetObject",
        "s3:DeleteObject", "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketTagging", "s3:GetBucketTagging",
    ];

    private readonly CompiledPolicyCache _policies = new();

    public S3Service()
        : base("s3")
    {
        RegisterBuckets();
        RegisterObjects();
        RegisterListing();
        RegisterPolicies();
    }

    /// <inheritdoc />
    public override IWireProtocol Protocol => Wire;

    /// <inheritdoc />
    public override AwsServiceException AccessDenied(string message) => S3Errors.AccessDenied();

    /// <summary>S3's codes for failed authentication: <c>InvalidAccessKeyId</c>, <c>SignatureDoesNotMatch</c> with the string to sign, …</summary>
    public override AwsServiceException AuthenticationFailure(Aws.SigV4.SigV4Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return S3AuthenticationErrors.From(error);
    }

    /// <summary>S3's codes for an unreadable body: EntityTooLarge over the limit, IncompleteBody for broken framing.</summary>
    public override AwsServiceException BodyFailure(int status, string message, long? declaredLength) =>
        status == 413 ? S3Errors.EntityTooLarge(declaredLength ?? 0) : S3Errors.IncompleteBody();

    /// <summary>
    /// S3 explains a denial only to callers in the bucket owner's account (with the resource quoted); everyone else
    /// gets "Access Denied".
    /// </summary>
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples
    public override AwsServiceException AccessDenied(OperationContext context, AuthorizationTarget target, string message)
    {
        var owner = target.ResourceAccount ?? context.AccountId;
        var marker = " on resource: " + target.Resource;
        if (owner != context.AccountId || !message.StartsWith("User: ", StringComparison.Ordinal) || !message.Contains(marker, StringComparison.Ordinal))
        {
            return S3Errors.AccessDenied();
        }

        return S3Errors.AccessDenied(message.Replace(marker, $" on resource: \"{target.Resource}\"", StringComparison.Ordinal));
    }

    /// <summary>The ARN of a bucket.</summary>
    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    /// <summary>The ARN of an object.</summary>
    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";

    /// <summary>The canonical user id S3 shows for an account (64 hex characters; derived, stable).</summary>
    public static string CanonicalId(string account) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("stevedore-s3-owner:" + account)));

    /// <summary>The MD5 ETag of data, quoted as S3 sends it.</summary>
    public static string ETagOf(ReadOnlySpan<byte> data) => "\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"";

    private string Bucket(OperationContext context) => context.RequiredString("Bucket");

    /// <summary>The bucket or NoSuchBucket (S3 answers 404 for a missing bucket before checking permissions).</summary>
    private static S3Bucket RequireBucket(OperationContext context, string bucket) =>
        S3Store.FindBucket(context.Store, bucket) ?? throw S3Errors.NoSuchBucket(bucket);

    /// <summary>A target on the bucket: its policy as the resource policy and its owner as the resource account.</summary>
    private AuthorizationTarget BucketTarget(OperationContext context, string action, string? resource = null)
    {
        var bucket = RequireBucket(context, Bucket(context));
        return new AuthorizationTarget(action, resource ?? BucketArn(bucket.Name), BucketPolicy(bucket), ResourceAccount: bucket.Owner);
    }

    private Stevedore.Policy.Evaluation.CompiledPolicy? BucketPolicy(S3Bucket bucket) =>
        bucket.Policy is { } policy ? _policies.Get(policy, PolicyType.Resource, BucketArn(bucket.Name)) : null;

    private static JsonObject Empty() => [];
}
