using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Iam;

/// <summary>
/// The Query protocol, except that IAM reports a path outside its pattern with its own text, not the model's
/// <c>failed to satisfy constraint</c> message.
/// </summary>
// https://github.com/aws-cloudformation/cfn-lint/issues/722 (the text IAM answers for Path "test/")
internal static class IamWireProtocol
{
    private const string PathPatternViolation = "at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern";

    public static IWireProtocol Instance { get; } = new DecodeErrorRewriting(QueryProtocol.Instance, error =>
        error.Code == AwsServiceException.QueryValidationCode
        && error.Message.StartsWith("1 validation error detected: ", StringComparison.Ordinal)
        && error.Message.Contains(PathPatternViolation, StringComparison.Ordinal)
            ? IamErrors.InvalidPath()
            : null);
}
