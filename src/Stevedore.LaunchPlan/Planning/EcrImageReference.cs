using System.Text.RegularExpressions;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>An image in a private Amazon ECR registry: <c>ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:TAG][@DIGEST]</c>.</summary>
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html
public sealed partial record EcrImageReference(string RegistryId, string Region, string Host, string Repository, string? Tag, string? Digest)
{
    /// <summary>The reference a pull resolves: <c>HOST/REPO:TAG</c> or <c>HOST/REPO@DIGEST</c>.</summary>
    public string Reference => Digest is not null ? $"{Host}/{Repository}@{Digest}" : $"{Host}/{Repository}:{Tag}";

    /// <summary>The manifest reference a registry sees: the digest, or the tag.</summary>
    public string ManifestReference => Digest ?? Tag!;

    /// <summary>The image reference when it names a private ECR registry, else null (Docker Hub, other registries).</summary>
    public static EcrImageReference? TryParse(string image)
    {
        var match = Pattern().Match(image);
        if (!match.Success)
        {
            return null;
        }

        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : digest is null ? "latest" : null;
        return new EcrImageReference(match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["host"].Value,
            match.Groups["repo"].Value, tag, digest);
    }

    [GeneratedRegex(@"^(?<host>(?<account>[0-9]{12})\.dkr\.ecr(?:-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?)/(?<repo>[a-z0-9][a-z0-9._/-]*?)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>[a-z0-9]+:[a-f0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
