using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Services;

/// <summary>
/// An emulated AWS service: its model (wire shapes) and its operations, each with the authorization
/// target it is checked against and the handler that performs it.
/// </summary>
public abstract class AwsService
{
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);

    protected AwsService(string serviceName) => Model = ServiceModel.Load(serviceName);

    public ServiceModel Model { get; }

    public string Name => Model.EndpointPrefix;

    public IReadOnlyCollection<string> ImplementedOperations => _operations.Keys;

    /// <summary>The target an operation is authorized against; called before <see cref="Invoke"/>.</summary>
    public AuthorizationTarget Target(OperationContext context) => Find(context.Operation).Target(context);

    public JsonObject? Invoke(OperationContext context) => Find(context.Operation).Handler(context);

    public bool Implements(string operation) => _operations.ContainsKey(operation);

    protected void Register(string operation, Func<OperationContext, AuthorizationTarget> target, Func<OperationContext, JsonObject?> handler) =>
        _operations.Add(operation, new Operation(target, handler));

    /// <summary>The action name IAM uses for an operation of this service (<c>iam:CreateRole</c>).</summary>
    protected string Action(OperationContext context) => $"{Name}:{context.Operation}";

    private Operation Find(string operation) =>
        _operations.TryGetValue(operation, out var found) ? found : throw AwsServiceException.NotImplemented(Name, operation);

    private sealed record Operation(Func<OperationContext, AuthorizationTarget> Target, Func<OperationContext, JsonObject?> Handler);
}
