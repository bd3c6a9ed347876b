using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>The Query protocol (IAM, STS): form parameters in, XML out.</summary>
public sealed class QueryProtocol : IWireProtocol
{
    /// <summary>The shared instance (the protocol is stateless).</summary>
    public static QueryProtocol Instance { get; } = new();

    /// <inheritdoc />
    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        var body = request.Body.IsEmpty ? null : Encoding.UTF8.GetString(request.Body.Span);
        var decoded = QueryRequestDecoder.Decode(model, body, request.RawQuery);
        return new DecodedRequest(decoded.Operation, decoded.Input);
    }

    /// <inheritdoc />
    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        new(200, QueryResponseEncoder.ContentType, QueryResponseEncoder.Encode(model, operation, output, requestId));

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        new(error.HttpStatus, QueryResponseEncoder.ContentType, QueryErrorEncoder.Encode(model, error, requestId));
}
