using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Hosting;
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
    RequestLog log) : IInProcessEndpoint
{
    /// <summary>The header through which a request says it originates inside a VPC (a Stevedore convention; unsigned).</summary>
    public const string SourceVpcHeader = "X-Stevedore-Source-Vpc";

    private readonly RequestAuthorizer _authorizer = new(new IamStore(store), new CompiledPolicyCache());
    private readonly IamStore _iam = new(store);

    /// <summary>The request log (owned by whoever disposes the server: it drains on disposal).</summary>
    public RequestLog Log => log;

    /// <summary>The HTTP adapter: reads the request, runs <see cref="Process"/>, writes the answer.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.Next();
        var entry = new RequestLog.Entry();
        WireResponse response;
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            var wire = ToWireRequest(http, body);
            var origin = new RequestOrigin(http.Connection.RemoteIpAddress?.ToString(), http.Request.IsHttps, wire.Header(SourceVpcHeader));
            response = Process(wire, origin, requestId, entry);
        }
        catch (Exception error) when (error is BadHttpRequestException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // The body's framing is broken (a bad chunk size, more than the limit): the caller's fault, in the shape of
            // the service the request is signed for.
            var service = ScopeService(http.Request.Headers.Authorization.ToString()) is { } name ? services.GetValueOrDefault(name) : null;
            entry.Service = service?.Name ?? "-";
            var status = error is BadHttpRequestException bad ? bad.StatusCode : 400;
            var failure = service?.BodyFailure(status, error.Message, http.Request.ContentLength)
                ?? AwsService.GenericBodyFailure(status, error.Message);
            response = ErrorResponse(service, failure, requestId);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            entry.Failure = error.ToString();
            var failure = new AwsServiceException("InternalFailure", $"Stevedore internal error: {error.GetType().Name}: {error.Message}", 500, senderFault: false);
            response = ErrorResponse(null, failure, requestId);
        }

        try
        {
            entry.Status = response.Status;
            await WriteAsync(http, response, requestId).ConfigureAwait(false);
        }
        finally
        {
            entry.Milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.Write(entry);
        }
    }

    /// <summary>The in-process entry (the simulated ECS agent): the same stages, no HTTP; the request id is in
    /// <c>x-amzn-RequestId</c>.</summary>
    public WireResponse Handle(WireRequest request, RequestOrigin origin)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.Next();
        var entry = new RequestLog.Entry();
        var response = Process(request, origin, requestId, entry);
        entry.Status = response.Status;
        entry.Milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Write(entry);
        return response with { Headers = [.. response.Headers, new("x-amzn-RequestId", requestId)] };
    }

    /// <summary>The core: route → authenticate → parse → authorize → dispatch → serialize (or error). Whatever the
    /// request wrote is durable before it answers: one group-committed fsync for all its writes (nested in-process
    /// requests of the simulated agent share their outer request's).</summary>
    private WireResponse Process(WireRequest wire, RequestOrigin origin, string requestId, RequestLog.Entry entry)
    {
        using var durability = store.DeferDurability();
        AwsService? service = null;
        WireResponse response;
        try
        {
            var now = clock.GetUtcNow();

            // Route and authenticate: the SigV4 credential scope names the service.
            var verified = RequestAuthenticator.Verify(ToSignedRequest(wire), credentials, now);
            service = Route(verified.Service);
            entry.Service = service?.Name ?? verified.Service ?? "-";
            if (!verified.Succeeded)
            {
                throw service?.AuthenticationFailure(verified.Error!) ??
                      new AwsServiceException(verified.Error!.Code, verified.Error.Message, verified.Error.HttpStatus);
            }

            if (service is null)
            {
                throw new AwsServiceException("UnknownService", $"Stevedore does not serve '{verified.Service}'", 400);
            }

            // An aws-chunked body (S3) is decoded, its chunk signatures and trailing checksum verified, before parsing.
            wire = StreamingPayload.Decode(wire, verified);

            // Parse.
            var decoded = service.Protocol.Decode(service.Model, wire);
            entry.Operation = decoded.Name;
            var owner = (CredentialOwner)verified.Credential!.Principal!;
            var caller = new CallerResolver(_iam).Resolve(owner);
            entry.Principal = caller.Principal.Arn;
            var context = new OperationContext(caller, verified.Region ?? "us-east-1", decoded.Name, decoded.Input, now, requestId, store)
            {
                Request = wire,
                SourceIp = origin.SourceIp,
                SecureTransport = origin.SecureTransport,
                SourceVpc = origin.SourceVpc,
                Authorizer = _authorizer,
                Trace = origin.Trace,
                Service = service,
            };

            // Authorize, then dispatch.
            if (!service.Implements(decoded.Name))
            {
                throw AwsServiceException.NotImplemented(service.Name, decoded.Name);
            }

            entry.Decision = context.Authorize(service.Target(context), service.EndpointServiceFor(decoded.Name));
            var output = service.Invoke(context);

            // Serialize.
            response = service.Protocol.Encode(service.Model, decoded.Operation, output, requestId);
        }
        catch (AwsServiceException error)
        {
            entry.Decision ??= error.Code.StartsWith("AccessDenied", StringComparison.Ordinal) || error.Code == "UnauthorizedOperation" ? "Deny" : null;
            response = ErrorResponse(service, error, requestId);
        }
        catch (StoreException error)
        {
            // A storage conflict the service did not translate: never a stack trace on the wire.
            var failure = new AwsServiceException("ServiceFailure", $"Stevedore storage error: {error.Message}", 500, senderFault: false);
            response = ErrorResponse(service, failure, requestId);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug in Stevedore: the caller gets the protocol's InternalFailure, the log gets the exception.
            entry.Failure = error.ToString();
            var failure = new AwsServiceException("InternalFailure", $"Stevedore internal error: {error.GetType().Name}: {error.Message}", 500, senderFault: false);
            response = ErrorResponse(service, failure, requestId);
        }

        return response;
    }

    private WireResponse ErrorResponse(AwsService? service, AwsServiceException error, string requestId)
    {
        try
        {
            // A request no service claims is answered in the Query shape (IAM's, as STS's).
            return service is null
                ? QueryProtocol.Instance.EncodeError(services.GetValueOrDefault("iam")?.Model, error, requestId)
                : service.Protocol.EncodeError(service.Model, error, requestId);
        }
        catch (Exception) when (!ReferenceEquals(error, EncodingFailure))
        {
            // The error's own text could not be written: still an answer in the protocol's shape, never a bare 500.
            return ErrorResponse(service, EncodingFailure, requestId);
        }
    }

    /// <summary>The answer when an error cannot be encoded (plain ASCII, so it always can).</summary>
    private static readonly AwsServiceException EncodingFailure =
        new("InternalFailure", "Stevedore internal error: the error could not be encoded.", 500, senderFault: false);

    private AwsService? Route(string? scopeService)
    {
        if (scopeService is not null && services.TryGetValue(scopeService, out var service))
        {
            return service;
        }

        // An unsigned request names no service: answer in IAM's shape (Query/XML, as STS).
        return scopeService is null ? services.GetValueOrDefault("iam") : null;
    }

    private static WireRequest ToWireRequest(HttpContext http, byte[] body)
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

        return new WireRequest(http.Request.Method, rawPath, rawQuery, headers, http.Request.Host.Value ?? "", body);
    }

    /// <summary>The service of a SigV4 Authorization header's credential scope (<c>Credential=AK/DATE/REGION/SERVICE/aws4_request</c>).</summary>
    private static string? ScopeService(string authorization)
    {
        var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var scope = authorization.AsSpan(at + "Credential=".Length);
        var end = scope.IndexOfAny(',', ' ');
        var parts = (end < 0 ? scope : scope[..end]).ToString().Split('/');
        return parts.Length == 5 ? parts[3] : null;
    }

    private static SignedRequest ToSignedRequest(WireRequest wire) =>
        SignedRequest.FromBody(wire.Method, wire.RawPath, wire.RawQuery, wire.Headers, wire.Host, wire.Body);

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is { } length and <= StevedoreServer.MaxRequestBodySize)
        {
            // The usual case (SDKs send Content-Length): read straight into an array of the right size.
            var body = length == 0 ? [] : new byte[length];
            var read = 0;
            while (read < body.Length)
            {
                var n = await http.Request.Body.ReadAsync(body.AsMemory(read), http.RequestAborted).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == body.Length ? body : body[..read];
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext http, WireResponse response, string requestId)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers.Append(name, value);
        }

        // A known length spares chunked transfer encoding (smaller, one write). Not for HEAD (its headers describe the
        // object), 204 and 304, nor when the protocol set the length itself.
        if (http.Response.ContentLength is null && response.Status is not (204 or 304) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.ContentLength = response.Body.Length;
        }

        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Request ids: UUID-shaped (version 4, RFC 4122 variant) and unique, without a random read per request. Ten bytes
    /// are drawn at random once per process; the last six count requests up from a random start.
    /// </summary>
    private static class RequestIds
    {
        private static readonly byte[] Prefix = CreatePrefix();
        private static long _counter = BitConverter.ToInt64(Guid.NewGuid().ToByteArray()) & 0xFFFF_FFFF_FFFF;

        public static string Next()
        {
            var n = Interlocked.Increment(ref _counter);
            Span<byte> bytes = stackalloc byte[16];
            Prefix.CopyTo(bytes);
            for (var i = 15; i >= 10; i--, n >>= 8)
            {
                bytes[i] = (byte)n;
            }

            // The text of new Guid(bytes, bigEndian: true).ToString(), written directly (Guid's formatter has the same
            // unaccelerated vector path in the Native AOT build as Convert.ToHexStringLower, see LowerHex).
            Span<char> text = stackalloc char[36];
            LowerHex.Write(bytes[..4], text);
            text[8] = '-';
            LowerHex.Write(bytes[4..6], text[9..]);
            text[13] = '-';
            LowerHex.Write(bytes[6..8], text[14..]);
            text[18] = '-';
            LowerHex.Write(bytes[8..10], text[19..]);
            text[23] = '-';
            LowerHex.Write(bytes[10..], text[24..]);
            return new string(text);
        }

        private static byte[] CreatePrefix()
        {
            var bytes = Guid.NewGuid().ToByteArray(bigEndian: true);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            return bytes[..10];
        }
    }
}
