using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Logs;

/// <summary>
/// JSON 1.1 as CloudWatch Logs speaks it: model-validation failures are <c>InvalidParameterException</c>
/// ("1 validation error detected: Value 'a:b' at 'logGroupName' failed to satisfy constraint: …"), not ValidationException.
/// </summary>
// Observed in AWS answers, e.g. https://github.com/awslabs/aws-embedded-metrics-java/issues/65
internal sealed class LogsProtocol : IWireProtocol
{
    public static LogsProtocol Instance { get; } = new();

    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        try
        {
            return JsonProtocol.Instance.Decode(model, request);
        }
        catch (AwsServiceException error) when (error.Code == JsonProtocol.ValidationCode)
        {
            throw new AwsServiceException("InvalidParameterException", error.Message, error.HttpStatus);
        }
    }

    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        JsonProtocol.Instance.Encode(model, operation, output, requestId);

    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        JsonProtocol.Instance.EncodeError(model, error, requestId);
}
