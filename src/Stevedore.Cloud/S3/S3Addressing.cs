using System.Text.RegularExpressions;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.S3;

/// <summary>
/// Path-style (<c>/bucket/key</c>) and virtual-hosted-style (<c>bucket.s3.REGION.amazonaws.com</c>, <c>bucket.s3.anything</c>,
/// <c>bucket.localhost:4566</c>) addressing: both become the path-style path the model's templates match.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
internal static partial class S3Addressing
{
    public static string PathStyle(WireRequest request)
    {
        var host = request.Header("Host") ?? request.Host;
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        var match = VirtualHost().Match(host.ToLowerInvariant());
        if (!match.Success)
        {
            return request.RawPath;
        }

        var bucket = match.Groups["bucket"].Value;
        return request.RawPath is "" or "/" ? "/" + bucket : "/" + bucket + request.RawPath;
    }

    [GeneratedRegex(@"^(?<bucket>[a-z0-9][a-z0-9.\-]*?)\.(?:s3(?:[.\-][^/]*)?|localhost)$", RegexOptions.CultureInvariant)]
    private static partial Regex VirtualHost();
}
