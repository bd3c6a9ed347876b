using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Services;
using Stevedore.LaunchPlan.Stopping;

namespace Stevedore.Agent;

/// <summary>What a call answered: the decoded output, or the service's error (code, message, status, request id).</summary>
public sealed record CallResult(int Status, JsonObject? Output, ReadOnlyMemory<byte> Body, ServiceError? Error, string RequestId)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// An AWS client over the in-process endpoint: encodes a request in the service's wire shape (JSON 1.1, or REST-XML for
/// S3 objects), signs it with SigV4 as an SDK does, and decodes the answer or the error. No sockets.
/// </summary>
public sealed class AwsWireClient(IInProcessEndpoint endpoint, TimeProvider clock)
{
    private static readonly Dictionary<string, string> TargetPrefixes = new(StringComparer.Ordinal)
    {
        ["ecr"] = "AmazonEC2ContainerRegistry_V20150921",
        ["logs"] = "Logs_20140328",
        ["ssm"] = "AmazonSSM",
        ["secretsmanager"] = "secretsmanager",
        ["kms"] = "TrentService",
    };

    /// <summary>A JSON 1.1 call: <c>POST /</c>, <c>X-Amz-Target: PREFIX.OPERATION</c>, the input as the body.</summary>
    public CallResult Json(string service, string operation, string region, JsonObject input, SigV4Signer.Credentials credentials, RequestOrigin origin)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        var host = service == "ecr" ? $"api.ecr.{region}.amazonaws.com" : $"{service}.{region}.amazonaws.com";
        var headers = SigV4Signer.Sign("POST", "/", "",
            [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", $"{TargetPrefixes[service]}.{operation}")],
            host, body, credentials, region, service, clock.GetUtcNow());
        var response = endpoint.Handle(new WireRequest("POST", "/", "", headers, host, body), origin);
        var requestId = Header(response, "x-amzn-RequestId") ?? "";
        JsonObject? output = null;
        try
        {
            output = response.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(response.Body.Span) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON: reported below as the status alone.
        }

        if (response.Status is >= 200 and < 300)
        {
            return new CallResult(response.Status, output ?? new JsonObject(), response.Body, null, requestId);
        }

        // JSON 1.1 errors: {"__type": "[namespace#]Code", "message": "…"} (Message in some services).
        var type = output?["__type"]?.GetValue<string>() ?? Header(response, "x-amzn-ErrorType") ?? "UnknownError";
        var code = type[(type.LastIndexOf('#') + 1)..];
        var colon = code.IndexOf(':');
        code = colon < 0 ? code : code[..colon];
        var message = output?["message"]?.GetValue<string>() ?? output?["Message"]?.GetValue<string>() ?? "";
        return new CallResult(response.Status, output, response.Body, new ServiceError(code, message, response.Status, requestId), requestId);
    }

    /// <summary>A REST-XML S3 object or bucket request (<c>HEAD</c>/<c>GET</c>), path-style.</summary>
    /// <param name="key">The object key, or null for the bucket itself.</param>
    public CallResult S3(string method, string bucket, string? key, string region, SigV4Signer.Credentials credentials, RequestOrigin origin)
    {
        var host = $"s3.{region}.amazonaws.com";
        var path = "/" + Uri.EscapeDataString(bucket) + (key is null ? "" : "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));
        var headers = SigV4Signer.Sign(method, path, "", [], host, [], credentials, region, "s3", clock.GetUtcNow());
        var response = endpoint.Handle(new WireRequest(method, path, "", headers, host, ReadOnlyMemory<byte>.Empty), origin);
        if (response.Status is >= 200 and < 300)
        {
            return new CallResult(response.Status, null, response.Body, null, "");
        }

        // A HEAD answer has no body: the SDK reports the status text as code and message. The agent's texts for S3
        // carry no request id (reference sheet §3.3's observed env-file text).
        if (method == "HEAD" || response.Body.Length == 0)
        {
            var status = response.Status switch { 403 => "Forbidden", 404 => "NotFound", 301 => "MovedPermanently", _ => response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var text = response.Status switch { 403 => "Forbidden", 404 => "Not Found", _ => status };
            return new CallResult(response.Status, null, response.Body, new ServiceError(status, text, response.Status), "");
        }

        string code = "UnknownError", message = "";
        try
        {
            var error = XDocument.Parse(Encoding.UTF8.GetString(response.Body.Span)).Root;
            code = error?.Element("Code")?.Value ?? code;
            message = error?.Element("Message")?.Value ?? "";
        }
        catch (System.Xml.XmlException)
        {
            // Not XML: the status is all there is.
        }

        return new CallResult(response.Status, null, response.Body, new ServiceError(code, message, response.Status), "");
    }

    private static string? Header(WireResponse response, string name)
    {
        foreach (var (key, value) in response.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
