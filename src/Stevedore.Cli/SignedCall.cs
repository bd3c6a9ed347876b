using System.Net.Http.Headers;
using Stevedore.Aws.SigV4;

namespace Stevedore.Cli;

/// <summary>One SigV4-signed POST to a running endpoint, as the AWS CLI makes it: credentials from
/// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c>, <c>test</c>/<c>test</c> by default as
/// LocalStack users expect. An unreachable endpoint is a <see cref="CliException"/>.</summary>
internal static class SignedCall
{
    public static SigV4Signer.Credentials EnvironmentCredentials() => new(
        Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key ? key : "test",
        Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret ? secret : "test",
        Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);

    public static (int Status, string Body) Post(string endpoint, string region, string service, string contentType, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var uri = new Uri(EndpointUrl.Require(endpoint) + "/");
        var signed = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", contentType), .. headers],
            uri.Authority, body, EnvironmentCredentials(), region, service, DateTimeOffset.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = http.Send(request);
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException($"cannot reach {endpoint}: {e.Message}");
        }
    }
}
