using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// EC2's own Query variant: form parameters in (lists always flattened, names from <c>queryName</c> or the
/// capitalized <c>locationName</c>), XML out without a result wrapper:
/// <c>&lt;OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;&lt;requestId/&gt;…members…&lt;/OpResponse&gt;</c>,
/// errors as <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;</c>.
/// </summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
public sealed class Ec2Protocol : IWireProtocol
{
    /// <summary>The shared instance (the protocol is stateless).</summary>
    public static Ec2Protocol Instance { get; } = new();

    /// <summary>The content type EC2 answers with.</summary>
    public const string ContentType = "text/xml;charset=UTF-8";

    /// <inheritdoc />
    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        var body = request.Body.IsEmpty ? null : Encoding.UTF8.GetString(request.Body.Span);
        var decoded = QueryRequestDecoder.Decode(model, body, request.RawQuery, validate: false);
        if (decoded.Operation.Input is { } input)
        {
            Ec2InputValidator.Validate(input.Shape, decoded.Input);
        }

        return new DecodedRequest(decoded.Operation, decoded.Input);
    }

    /// <inheritdoc />
    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        new(200, ContentType, Ec2ResponseEncoder.Encode(model, operation, output, requestId));

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        new(error.HttpStatus, ContentType, QueryErrorEncoder.Encode(model, error, requestId));
}
