using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Stevedore.Cli;

/// <summary>An AWS error answered by the endpoint (its code and message).</summary>
internal sealed class EndpointErrorException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Reads a running Stevedore (or AWS-compatible endpoint) for <c>check --role/--from-endpoint</c>: JSON 1.1 calls (ECS,
/// Secrets Manager, SSM, KMS) and Query calls (IAM, XML answers), SigV4-signed with the environment's credentials.
/// </summary>
internal sealed class EndpointClient(string endpoint, string region)
{
    public string Endpoint { get; } = endpoint;

    public string Region { get; } = region;

    /// <summary>A JSON 1.1 call; an AWS error is an <see cref="EndpointErrorException"/>.</summary>
    public JsonObject Json(string service, string target, JsonObject input, string? region = null)
    {
        var (status, text) = SignedCall.Post(Endpoint, region ?? Region, service, "application/x-amz-json-1.1", [new("X-Amz-Target", target)],
            Encoding.UTF8.GetBytes(input.ToJsonString()));
        JsonObject? body;
        try
        {
            body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (status / 100 != 2 || body is null)
        {
            var type = body?["__type"]?.GetValue<string>() ?? $"HTTP {status}";
            var message = (body?["message"] ?? body?["Message"])?.GetValue<string>() ?? text;
            throw new EndpointErrorException(type[(type.LastIndexOf('#') + 1)..], message);
        }

        return body;
    }

    /// <summary>A Query (form-encoded) call; returns the answer's <c>…Result</c> element. Names are matched by local name.</summary>
    // https://docs.aws.amazon.com/IAM/latest/APIReference/iam-api.pdf (Query API: Action, Version, XML responses)
    public XElement Query(string service, string action, string version, params (string Name, string Value)[] parameters)
    {
        var form = string.Join('&', new[] { ("Action", action), ("Version", version) }.Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        var (status, text) = SignedCall.Post(Endpoint, Region, service, "application/x-www-form-urlencoded; charset=utf-8", [], Encoding.UTF8.GetBytes(form));
        XElement root;
        try
        {
            root = XElement.Parse(text);
        }
        catch (XmlException)
        {
            throw new EndpointErrorException($"HTTP {status}", $"{action}: not an XML answer: {text}");
        }

        if (status / 100 != 2)
        {
            var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw new EndpointErrorException(Child(error, "Code") ?? $"HTTP {status}", Child(error, "Message") ?? text);
        }

        return root.Elements().FirstOrDefault(e => e.Name.LocalName == $"{action}Result") ?? new XElement($"{action}Result");
    }

    public static string? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public static XElement? Element(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The <c>member</c> items of a list element.</summary>
    public static IEnumerable<XElement> Members(XElement? list) => list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];
}
