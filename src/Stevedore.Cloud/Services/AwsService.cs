using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Services;

/// <summary>
/// An emulated AWS service: its model (wire shapes), its protocol, and its operations, each with the
/// authorization target it is checked against and the handler that performs it.
/// </summary>
public abstract class AwsService
{
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);

    protected AwsService(string serviceName) => Model = ServiceModel.Load(serviceName);

    public ServiceModel Model { get; }

    /// <summary>The SigV4 signing name, which routes requests (<c>ecr</c>, not the endpoint prefix <c>api.ecr</c>).</summary>
    public string Name => Model.SigningName;

    /// <summary>The prefix of the service's IAM actions (<c>ecr</c> in <c>ecr:BatchGetImage</c>).</summary>
    public virtual string ActionPrefix => Name;

    /// <summary>The wire protocol, from the model (services with their own wire override it).</summary>
    public virtual IWireProtocol Protocol => Model.Protocol switch
    {
        "query" => QueryProtocol.Instance,
        "json" => JsonProtocol.Instance,
        _ => throw new NotSupportedException($"{Name}: protocol {Model.Protocol} has no implementation"),
    };

    /// <summary>
    /// The VPC endpoint service a request for <paramref name="operation"/> goes through (the last part of
    /// <c>com.amazonaws.REGION.SERVICE</c>), or null when the service has none.
    /// </summary>
    public virtual string? EndpointServiceFor(string operation) => Name;

    /// <summary>The service's access-denied error (IAM and STS: <c>AccessDenied</c>, 403).</summary>
    public virtual AwsServiceException AccessDenied(string message) => new("AccessDenied", message, 403);

    /// <summary>The access-denied error for a denied <paramref name="target"/> (S3 words it by who asks); defaults to <see cref="AccessDenied(string)"/>.</summary>
    public virtual AwsServiceException AccessDenied(OperationContext context, AuthorizationTarget target, string message) => AccessDenied(message);

    /// <summary>The error a failed authentication answers (default: the verifier's Query-service code and text; S3 has its own).</summary>
    public virtual AwsServiceException AuthenticationFailure(Aws.SigV4.SigV4Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new AwsServiceException(error.Code, error.Message, error.HttpStatus);
    }

    /// <summary>
    /// The error for a request whose body cannot be read (broken HTTP framing: 400, or 413 over the server's limit);
    /// default: that status with a generic code and the server's text. S3 has its own codes.
    /// </summary>
    public virtual AwsServiceException BodyFailure(int status, string message, long? declaredLength) => GenericBodyFailure(status, message);

    /// <summary>The default of <see cref="BodyFailure"/>, also for a request no service claims.</summary>
    public static AwsServiceException GenericBodyFailure(int status, string message) =>
        new(status == 413 ? "RequestEntityTooLarge" : "BadRequest", message, status);

    public IReadOnlyCollection<string> ImplementedOperations => _operations.Keys;

    /// <summary>The target an operation is authorized against; called before <see cref="Invoke"/>.</summary>
    public AuthorizationTarget Target(OperationContext context) => Find(context.Operation).Target(context);

    public JsonObject? Invoke(OperationContext context) => Find(context.Operation).Handler(context);

    public bool Implements(string operation) => _operations.ContainsKey(operation);

    protected void Register(string operation, Func<OperationContext, AuthorizationTarget> target, Func<OperationContext, JsonObject?> handler) =>
        _operations.Add(operation, new Operation(target, handler));

    /// <summary>The action name IAM uses for an operation of this service (<c>iam:CreateRole</c>).</summary>
    protected string Action(OperationContext context) => $"{ActionPrefix}:{context.Operation}";

    private Operation Find(string operation) =>
        _operations.TryGetValue(operation, out var found) ? found : throw AwsServiceException.NotImplemented(Name, operation);

    private sealed record Operation(Func<OperationContext, AuthorizationTarget> Target, Func<OperationContext, JsonObject?> Handler);
}
