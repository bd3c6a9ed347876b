using System.Text.RegularExpressions;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// The bucket named by a virtual-hosted-style S3 host (<c>bucket.s3.REGION.amazonaws.com</c>, <c>bucket.s3.anything</c>,
/// <c>bucket.localhost:4566</c>), or null for a path-style host.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
public static partial class S3VirtualHost
{
    /// <summary>The bucket in <paramref name="host"/> (port allowed), or null.</summary>
    public static string? Bucket(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        var match = Pattern().Match(host.ToLowerInvariant());
        return match.Success ? match.Groups["bucket"].Value : null;
    }

    [GeneratedRegex(@"^(?<bucket>[a-z0-9][a-z0-9.\-]*?)\.(?:s3(?:[.\-][^/]*)?|localhost)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
