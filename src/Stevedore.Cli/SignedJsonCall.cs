using System.Text;
using System.Text.Json.Nodes;

namespace Stevedore.Cli;

/// <summary>One SigV4-signed JSON 1.1 call to a running endpoint (see <see cref="SignedCall"/>).</summary>
internal static class SignedJsonCall
{
    public static (int Status, JsonNode? Body) Send(string endpoint, string region, string service, string target, JsonObject input)
    {
        var (status, text) = SignedCall.Post(endpoint, region, service, "application/x-amz-json-1.1", [new("X-Amz-Target", target)],
            Encoding.UTF8.GetBytes(input.ToJsonString()));
        return (status, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
