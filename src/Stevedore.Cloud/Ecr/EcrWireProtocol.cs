using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ecr;

/// <summary>
/// JSON 1.1, except that ECR reports a repository name outside its pattern as <c>InvalidParameterException</c> with its
/// own text, not as the protocol's <c>ValidationException</c>.
/// </summary>
// https://github.com/localstack/localstack/issues/8051 (the text AWS answers for "tesTing")
internal sealed class EcrWireProtocol : IWireProtocol
{
    public static EcrWireProtocol Instance { get; } = new();

    private const string NamePatternViolation = "at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern";

    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        try
        {
            return JsonProtocol.Instance.Decode(model, request);
        }
        catch (AwsServiceException error) when (error.Code == JsonProtocol.ValidationCode && error.Message.Contains(NamePatternViolation, StringComparison.Ordinal))
        {
            throw EcrErrors.InvalidName();
        }
    }

    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId) =>
        JsonProtocol.Instance.Encode(model, operation, output, requestId);

    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId) =>
        JsonProtocol.Instance.EncodeError(model, error, requestId);
}
