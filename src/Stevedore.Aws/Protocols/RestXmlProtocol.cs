using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// The REST-XML protocol (S3): the operation is chosen by HTTP method, path template (labels, greedy <c>{Key+}</c>) and the
/// query literals of its request URI; input members come from the URI, query string, headers (and <c>x-amz-meta-*</c>
/// style header maps) and the body (a raw payload or an XML document); outputs go back the same way.
/// </summary>
// https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
public sealed class RestXmlProtocol : IWireProtocol
{
    /// <summary>An output key a handler may set to answer another status than the model's (206 for a ranged GetObject).</summary>
    public const string StatusKey = "$status";

    private readonly RestXmlOptions _options;
    private readonly Dictionary<OperationModel, RestXmlUriTemplate> _templates = [];
    private readonly Lock _lock = new();

    /// <summary>Creates the protocol with service-specific addressing and XML names.</summary>
    public RestXmlProtocol(RestXmlOptions options) => _options = options;

    /// <inheritdoc />
    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        var rawPath = _options.PathResolver?.Invoke(request) ?? request.RawPath;
        var segments = (rawPath.StartsWith('/') ? rawPath[1..] : rawPath).Split('/');
        var query = RestXmlInput.ParseQuery(request.RawQuery);
        var (operation, labels) = Route(model, request, segments, query);
        var input = operation.Input is { } inputRef
            ? RestXmlInput.Decode(inputRef.Shape, request, labels, query)
            : [];
        return new DecodedRequest(operation, input);
    }

    /// <inheritdoc />
    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        RestXmlOutput.Encode(operation, output, _options, requestId);

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        RestXmlOutput.EncodeError(error, requestId);

    private (OperationModel Operation, Dictionary<string, string> Labels) Route(
        ServiceModel model, WireRequest request, string[] segments, ILookup<string, string> query)
    {
        OperationModel? best = null;
        Dictionary<string, string>? bestLabels = null;
        var bestScore = -1;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var explicitId = query["x-id"].FirstOrDefault();
        foreach (var operation in model.Operations.Values)
        {
            if (!string.Equals(operation.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase)
                || (explicitId is not null && explicitId != operation.Name))
            {
                continue;
            }

            var template = Template(operation);
            if (!template.TryMatch(segments, labels) || !QueryMatches(template, operation, query) || !RequiredHeadersPresent(operation, request))
            {
                continue;
            }

            var score = template.Specificity * 10 + RequiredHeaderCount(operation);
            if (score > bestScore)
            {
                best = operation;
                bestLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                bestScore = score;
            }
        }

        if (best is null)
        {
            throw _options.Unmatched?.Invoke(request) ?? AwsServiceException.NotImplemented(model.ServiceName, $"{request.Method} {request.RawPath}");
        }

        return (best, bestLabels!);
    }

    private RestXmlUriTemplate Template(OperationModel operation)
    {
        lock (_lock)
        {
            if (!_templates.TryGetValue(operation, out var template))
            {
                template = RestXmlUriTemplate.Parse(operation.RequestUri);
                _templates[operation] = template;
            }

            return template;
        }
    }

    /// <summary>
    /// The URI's query literals must be present, and every other parameter must be one of the input's query members or a
    /// signing/SDK parameter: <c>GET /bucket?acl</c> is GetBucketAcl, not ListObjects.
    /// </summary>
    // SigV2 query authentication, and the headers botocore's SigV2 presigner moves into the query.
    private static readonly HashSet<string> SigV2QueryParameters = new(StringComparer.Ordinal)
    {
        "AWSAccessKeyId", "Signature", "Expires", "content-type", "content-md5",
    };

    private static bool QueryMatches(RestXmlUriTemplate template, OperationModel operation, ILookup<string, string> query)
    {
        foreach (var (name, value) in template.QueryLiterals)
        {
            if (!query.Contains(name) || (value is not null && !query[name].Contains(value)))
            {
                return false;
            }
        }

        var members = operation.Input?.Shape.Members.Where(m => m.Location == "querystring").Select(m => m.WireName).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var group in query)
        {
            var name = group.Key;
            if (template.QueryLiterals.Any(l => l.Key == name) || members.Contains(name) || name == "x-id"
                || name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) || SigV2QueryParameters.Contains(name))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static bool RequiredHeadersPresent(OperationModel operation, WireRequest request) =>
        operation.Input is not { } input
        || input.Shape.Members.Where(m => m.Location == "header" && input.Shape.Required.Contains(m.Name)).All(m => request.Header(m.WireName) is not null);

    private static int RequiredHeaderCount(OperationModel operation) =>
        operation.Input?.Shape.Members.Count(m => m.Location == "header" && operation.Input.Shape.Required.Contains(m.Name)) ?? 0;
}

/// <summary>What a REST-XML service adds to the protocol: its addressing, XML names and namespace.</summary>
public sealed record RestXmlOptions
{
    /// <summary>Maps a request to the path the model's templates match (S3: virtual-hosted-style to path-style).</summary>
    public Func<WireRequest, string>? PathResolver { get; init; }

    /// <summary>The root element of an operation's XML output when the model does not name it (<c>ListBucketResult</c>).</summary>
    public IReadOnlyDictionary<string, string> OutputRootNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The XML namespace of output documents.</summary>
    public string? XmlNamespace { get; init; }

    /// <summary>The error for a request no implemented operation matches (default: not implemented).</summary>
    public Func<WireRequest, AwsServiceException>? Unmatched { get; init; }
}
