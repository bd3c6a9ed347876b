using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Evaluation;
using Stevedore.Storage;

namespace Stevedore.Server.Pipeline;

/// <summary>
/// Every AWS request goes through the same named stages: route → authenticate → parse → authorize →
/// dispatch → serialize (or error). There is no other way into a service.
/// </summary>
public sealed partial class AwsRequestPipeline(
    IReadOnlyDictionary<string, AwsService> services,
    IStateStore store,
    ICredentialLookup credentials,
    TimeProvider clock,
    RequestLog log)
{
    private readonly IamStore _iam = new(store);
    private readonly CompiledPolicyCache _policies = new();

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var entry = new RequestLog.Entry();
        AwsService? service = null;
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            var now = clock.GetUtcNow();

            // Route and authenticate: the SigV4 credential scope names the service.
            var signed = ToSignedRequest(http, body);
            var verified = SigV4Verifier.Verify(signed, credentials, now);
            service = Route(verified.Service);
            entry.Service = service?.Name ?? verified.Service ?? "-";
            if (!verified.Succeeded)
            {
                throw new AwsServiceException(verified.Error!.Code, verified.Error.Message, verified.Error.HttpStatus);
            }

            if (service is null)
            {
                throw new AwsServiceException("UnknownService", $"Stevedore does not serve '{verified.Service}'", 400);
            }

            // Parse.
            var query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : null;
            var decoded = QueryRequestDecoder.Decode(service.Model, Encoding.UTF8.GetString(body), query);
            entry.Operation = decoded.Action;
            var owner = (CredentialOwner)verified.Credential!.Principal!;
            var caller = new CallerResolver(_iam).Resolve(owner);
            entry.Principal = caller.Principal.Arn;
            var context = new OperationContext(caller, verified.Region ?? "us-east-1", decoded.Action, decoded.Input, now, requestId, store);

            // Authorize, then dispatch.
            if (!service.Implements(decoded.Action))
            {
                throw AwsServiceException.NotImplemented(service.Name, decoded.Action);
            }

            entry.Decision = Authorize(http, service, context);
            var output = service.Invoke(context);

            // Serialize.
            var xml = QueryResponseEncoder.Encode(service.Model, decoded.Operation, output, requestId);
            await WriteAsync(http, StatusCodes.Status200OK, xml, requestId).ConfigureAwait(false);
            entry.Status = StatusCodes.Status200OK;
        }
        catch (AwsServiceException error)
        {
            entry.Status = error.HttpStatus;
            entry.Decision ??= error.Code == "AccessDenied" ? "Deny" : null;
            var xml = QueryErrorEncoder.Encode(service?.Model ?? services["iam"].Model, error, requestId);
            await WriteAsync(http, error.HttpStatus, xml, requestId).ConfigureAwait(false);
        }
        catch (StoreException error)
        {
            // A storage conflict the service did not translate: never a stack trace on the wire.
            entry.Status = 500;
            var failure = new AwsServiceException("ServiceFailure", $"Stevedore storage error: {error.Message}", 500, senderFault: false);
            await WriteAsync(http, 500, QueryErrorEncoder.Encode(service?.Model, failure, requestId), requestId).ConfigureAwait(false);
        }
        finally
        {
            entry.Milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.Write(entry);
        }
    }

    private string Authorize(HttpContext http, AwsService service, OperationContext context)
    {
        var target = service.Target(context);
        if (target.IsUnconditional)
        {
            return "Allow";
        }

        var caller = context.Caller;
        var policies = new CallerPolicies(_policies, _iam.FindPolicy).For(caller, target.ResourcePolicy, target.ResourcePolicyKind);
        var requestContext = RequestContextFactory.For(caller, context.Now, http.Connection.RemoteIpAddress?.ToString(),
            http.Request.IsHttps, context.Region);
        var request = new AuthorizationRequest(caller.Principal, target.Action, target.Resource, requestContext, target.ResourceAccount);
        var decision = Authorizer.Authorize(request, policies);
        if (decision.IsAllowed)
        {
            return "Allow";
        }

        if (target.OmitDenialReason)
        {
            throw new AwsServiceException("AccessDenied",
                $"User: {caller.Principal.Arn} is not authorized to perform: {target.Action} on resource: {target.Resource}", 403);
        }

        var explanation = Authorizer.Explain(request, policies);
        throw new AwsServiceException("AccessDenied", explanation.Message!, 403);
    }

    private AwsService? Route(string? scopeService)
    {
        if (scopeService is not null && services.TryGetValue(scopeService, out var service))
        {
            return service;
        }

        // An unsigned request names no service: answer in IAM's shape (Query/XML, as STS).
        return scopeService is null ? services.GetValueOrDefault("iam") : null;
    }

    private static SignedRequest ToSignedRequest(HttpContext http, byte[] body)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? "" : rawTarget[(question + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new KeyValuePair<string, string>(name, value ?? ""));
            }
        }

        return SignedRequest.FromBody(http.Request.Method, rawPath, rawQuery, headers, http.Request.Host.Value ?? "", body);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext http, int status, byte[] xml, string requestId)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = QueryResponseEncoder.ContentType;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        await http.Response.Body.WriteAsync(xml, http.RequestAborted).ConfigureAwait(false);
    }
}
