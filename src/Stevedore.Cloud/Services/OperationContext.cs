using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Network;
using Stevedore.Storage;

namespace Stevedore.Cloud.Services;

/// <summary>Everything one operation needs: who calls, what they sent, where from, and when.</summary>
public sealed class OperationContext(
    Caller caller, string region, string operation, JsonObject input, DateTimeOffset now, string requestId, IStateStore store)
{
    public Caller Caller { get; } = caller;

    /// <summary>The account the request acts in: the caller's.</summary>
    public string AccountId => Caller.AccountId;

    public string Region { get; } = region;

    public string Operation { get; } = operation;

    public JsonObject Input { get; } = input;

    public DateTimeOffset Now { get; } = now;

    public string RequestId { get; } = requestId;

    public IStateStore Store { get; } = store;

    /// <summary>The request as received (headers, path, body), for protocols and services that read them directly.</summary>
    public WireRequest? Request { get; init; }

    /// <summary>The source IP address (<c>aws:SourceIp</c>), when known.</summary>
    public string? SourceIp { get; init; }

    /// <summary>Whether the request arrived over TLS (<c>aws:SecureTransport</c>).</summary>
    public bool SecureTransport { get; init; }

    /// <summary>The VPC the request comes from, when it originates inside one (<c>X-Stevedore-Source-Vpc</c>).</summary>
    public string? SourceVpc { get; init; }

    /// <summary>The authorizer the pipeline uses; services call <see cref="Authorize"/> for checks beyond the operation's own.</summary>
    public RequestAuthorizer? Authorizer { get; init; }

    /// <summary>Told of each authorization made for this request (in-process callers that trace, such as the ECS agent).</summary>
    public IAuthorizationTrace? Trace { get; init; }

    /// <summary>The service handling the request.</summary>
    public AwsService? Service { get; init; }

    public string? String(string member) => Input[member]?.GetValue<string>();

    public string RequiredString(string member) => String(member) ?? throw new InvalidOperationException($"{member} is required by the model");

    public int? Int(string member) => Input[member]?.GetValue<int>();

    public bool? Bool(string member) => Input[member]?.GetValue<bool>();

    /// <summary>
    /// Authorizes one more request of this caller (a second resource, or a call a service makes on the caller's
    /// behalf such as <c>kms:Decrypt</c> via Secrets Manager), as the pipeline authorizes the operation's own target.
    /// </summary>
    /// <param name="endpointService">The VPC endpoint service the call goes through (<c>kms</c>), for
    /// <c>aws:SourceVpc</c>/<c>aws:SourceVpce</c>; null when the call does not leave the service.</param>
    /// <exception cref="AwsServiceException">AccessDenied in the service's shape.</exception>
    /// <returns>"Allow".</returns>
    public string Authorize(AuthorizationTarget target, string? endpointService = null) =>
        (Authorizer ?? throw new InvalidOperationException("no authorizer")).Authorize(this, target, endpointService);

    /// <summary>Whether this caller may make the request, without throwing (for filtering list results).</summary>
    public bool IsAllowed(AuthorizationTarget target, string? endpointService = null) =>
        (Authorizer ?? throw new InvalidOperationException("no authorizer")).IsAllowed(this, target, endpointService);

    /// <summary>The VPC endpoint a request of this caller to <paramref name="endpointService"/> goes through, if any.</summary>
    public NetworkOrigin? OriginFor(string endpointService) =>
        SourceVpc is null ? null : VpcEndpointDirectory.Resolve(Store, AccountId, Region, SourceVpc, endpointService);
}
