using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;

namespace Stevedore.Cloud.S3;

/// <summary>
/// Path-style (<c>/bucket/key</c>) and virtual-hosted-style (<c>bucket.s3.REGION.amazonaws.com</c>, <c>bucket.s3.anything</c>,
/// <c>bucket.localhost:4566</c>) addressing: both become the path-style path the model's templates match.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
internal static class S3Addressing
{
    public static string PathStyle(WireRequest request)
    {
        var bucket = S3VirtualHost.Bucket(request.Header("Host") ?? request.Host);
        if (bucket is null)
        {
            return request.RawPath;
        }

        return request.RawPath is "" or "/" ? "/" + bucket : "/" + bucket + request.RawPath;
    }
}
