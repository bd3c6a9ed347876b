using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Logs;

/// <summary>
/// JSON 1.1 as CloudWatch Logs speaks it: model-validation failures are <c>InvalidParameterException</c>
/// ("1 validation error detected: Value 'a:b' at 'logGroupName' failed to satisfy constraint: …"), not ValidationException.
/// </summary>
// Observed in AWS answers, e.g. https://github.com/awslabs/aws-embedded-metrics-java/issues/65
internal static class LogsProtocol
{
    public static IWireProtocol Instance { get; } = new DecodeErrorRewriting(JsonProtocol.Instance, error =>
        error.Code == JsonProtocol.ValidationCode
            ? new AwsServiceException("InvalidParameterException", error.Message, error.HttpStatus)
            : null);
}
