using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.SigV4;

namespace Stevedore.Cli;

/// <summary>One SigV4-signed JSON 1.1 call to a running endpoint, as the AWS CLI makes it (credentials from the
/// environment, <c>test</c>/<c>test</c> by default as LocalStack users expect).</summary>
internal static class SignedJsonCall
{
    public static (int Status, JsonNode? Body) Send(string endpoint, string region, string service, string target, JsonObject input)
    {
        var uri = new Uri(endpoint.TrimEnd('/') + "/");
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        var credentials = new SigV4Signer.Credentials(
            Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test",
            Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test",
            Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", target)],
            uri.Authority, body, credentials, region, service, DateTimeOffset.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
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
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {endpoint}: {e.Message}");
        }
    }
}
