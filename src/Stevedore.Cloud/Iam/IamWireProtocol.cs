using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Iam;

/// <summary>
/// The Query protocol, except that IAM reports a path outside its pattern with its own text, not the model's
/// <c>failed to satisfy constraint</c> message.
/// </summary>
// https://github.com/aws-cloudformation/cfn-lint/issues/722 (the text IAM answers for Path "test/")
internal sealed class IamWireProtocol : IWireProtocol
{
    public static IamWireProtocol Instance { get; } = new();

    private const string PathPatternViolation = "at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern";

    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        try
        {
            return QueryProtocol.Instance.Decode(model, request);
        }
        catch (AwsServiceException error) when (error.Code == AwsServiceException.QueryValidationCode
            && error.Message.StartsWith("1 validation error detected: ", StringComparison.Ordinal)
            && error.Message.Contains(PathPatternViolation, StringComparison.Ordinal))
        {
            throw IamErrors.InvalidPath();
        }
    }

    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        QueryProtocol.Instance.Encode(model, operation, output, requestId);

    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        QueryProtocol.Instance.EncodeError(model, error, requestId);
}
