using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// A protocol whose decoding errors a service words its own way (ECR's repository-name text, IAM's path text, Logs'
/// <c>InvalidParameterException</c> for model validation): decoding goes through <paramref name="inner"/>, and an
/// error it throws is replaced by what <paramref name="rewrite"/> returns (null keeps it). Encoding is unchanged.
/// </summary>
public sealed class DecodeErrorRewriting(IWireProtocol inner, Func<AwsServiceException, AwsServiceException?> rewrite) : IWireProtocol
{
    /// <inheritdoc />
    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        try
        {
            return inner.Decode(model, request);
        }
        catch (AwsServiceException error) when (rewrite(error) is { } replaced)
        {
            throw replaced;
        }
    }

    /// <inheritdoc />
    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        inner.Encode(model, operation, output, requestId);

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        inner.EncodeError(model, error, requestId);
}
