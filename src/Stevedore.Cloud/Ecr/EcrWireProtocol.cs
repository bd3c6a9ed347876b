using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ecr;

/// <summary>
/// JSON 1.1, except that ECR reports a repository name outside its pattern as <c>InvalidParameterException</c> with its
/// own text, not as the protocol's <c>ValidationException</c>.
/// </summary>
// https://github.com/localstack/localstack/issues/8051 (the text AWS answers for "tesTing")
internal static class EcrWireProtocol
{
    private const string NamePatternViolation = "at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern";

    public static IWireProtocol Instance { get; } = new DecodeErrorRewriting(JsonProtocol.Instance, error =>
        error.Code == JsonProtocol.ValidationCode && error.Message.Contains(NamePatternViolation, StringComparison.Ordinal)
            ? EcrErrors.InvalidName()
            : null);
}
