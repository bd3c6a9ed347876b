namespace Stevedore.Cli;

/// <summary>The <c>--endpoint</c> URL of a running Stevedore: absolute http(s), else a usage error (exit 2).</summary>
internal static class EndpointUrl
{
    /// <returns>The URL as given, without a trailing slash.</returns>
    public static string Require(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url.TrimEnd('/')
            : throw new CliException($"the endpoint must be an http(s) URL, got \"{url}\"");
}
