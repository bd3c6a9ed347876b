using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;

namespace Stevedore.Cloud.Services;

/// <summary>
/// The endpoint's request pipeline without HTTP: a signed request in, the service's answer out, through exactly the
/// stages an HTTP request goes through (route, authenticate, parse, authorize, dispatch, serialize). The simulated ECS
/// agent makes its calls through it; the server provides it.
/// </summary>
public interface IInProcessEndpoint
{
    /// <summary>Handles one request as if it arrived from <paramref name="origin"/>. Never throws for an AWS error: the
    /// error is the response, in the service's wire shape (the request id in <c>x-amzn-RequestId</c>).</summary>
    WireResponse Handle(WireRequest request, RequestOrigin origin);
}

/// <summary>Where an in-process request comes from on the network, and who wants to hear about its authorizations.</summary>
/// <param name="SourceIp"><c>aws:SourceIp</c>, or null when the request carries none (through a VPC endpoint).</param>
/// <param name="SecureTransport"><c>aws:SecureTransport</c>.</param>
/// <param name="SourceVpc">The VPC the request leaves from (its endpoints apply: <c>aws:SourceVpc</c>, <c>aws:SourceVpce</c>,
/// the endpoint policy), or null.</param>
/// <param name="Trace">Told of every authorization made for the request (the operation's own and any a service makes on
/// the caller's behalf, such as <c>kms:Decrypt</c>); null for none.</param>
public sealed record RequestOrigin(string? SourceIp, bool SecureTransport, string? SourceVpc, IAuthorizationTrace? Trace = null);
