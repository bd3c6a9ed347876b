using System.Text;
using Stevedore.Agent;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Pipeline;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Every service behind the server's own pipeline, in process and in memory (the simulated agent wired as the server
/// wires it), with requests signed by the default account's root as a client would sign them.
/// </summary>
internal sealed class InProcessCloud : IDisposable
{
    /// <summary>Who signs the requests built from now on: the default account's root until changed.</summary>
    public SigV4Signer.Credentials Signer { get; set; } = new("test", "test");

    private static readonly RequestOrigin Outside = new("127.0.0.1", SecureTransport: true, SourceVpc: null);

    private readonly SqliteStateStore _store = SqliteStateStore.OpenInMemory();
    private readonly RequestLog _log = new(TextWriter.Null);
    private readonly AwsRequestPipeline _pipeline;

    public InProcessCloud()
    {
        var rootKeys = new Dictionary<string, (string, string)>(StringComparer.Ordinal) { ["test"] = ("000000000000", "test") };
        _pipeline = new AwsRequestPipeline(Services, _store, new StoredCredentials(_store, rootKeys), TimeProvider.System, _log);
        ((EcsService)Services["ecs"]).Launcher = new SimulatedAgent(_pipeline, _store, TimeProvider.System);
    }

    public IReadOnlyDictionary<string, AwsService> Services { get; } = CloudServices.Create();

    public WireResponse Handle(WireRequest request) => _pipeline.Handle(request, Outside);

    public WireRequest Json(AwsService service, string operation, string json)
    {
        var host = $"{service.Model.EndpointPrefix}.us-east-1.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(json);
        var target = $"{service.Model.TargetPrefix}.{operation}";
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", $"application/x-amz-json-{service.Model.JsonVersion}"), new("X-Amz-Target", target)],
            host, body, Signer, "us-east-1", service.Name, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }

    public WireRequest Query(AwsService service, string form)
    {
        var host = service.Name is "iam" or "sts" ? $"{service.Name}.amazonaws.com" : $"{service.Name}.us-east-1.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(form);
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            host, body, Signer, "us-east-1", service.Name, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }

    /// <summary>An S3 request, path-style; <paramref name="rawPath"/> and <paramref name="rawQuery"/> already encoded.</summary>
    public WireRequest S3(string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        const string host = "s3.us-east-1.amazonaws.com";
        var signed = SigV4Signer.Sign(method, rawPath, rawQuery, headers, host, body, Signer, "us-east-1", "s3", DateTimeOffset.UtcNow);
        return new WireRequest(method, rawPath, rawQuery, signed, host, body);
    }

    public void Dispose()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
    }
}
