using System.Text;
using BenchmarkDotNet.Attributes;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Pipeline;
using Stevedore.Storage;
using Stevedore.Storage.Memory;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Benchmarks.Endpoint;

/// <summary>
/// One whole request through the pipeline in process (authenticate, decode, authorize, run, encode; no sockets), for
/// the operations of the endpoint load benchmark: what the server itself spends and allocates per request, without
/// Kestrel, the kernel or the client. Each request is signed once in the setup (SigV4 accepts it for 15 minutes, so
/// use <c>--job short</c>); the root of the default account makes every call, as the load generator does.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private static readonly SigV4Signer.Credentials Root = new("test", "test");
    private static readonly RequestOrigin Outside = new("127.0.0.1", SecureTransport: false, SourceVpc: null);

    private IStateStore _store = null!;
    private RequestLog _log = null!;
    private AwsRequestPipeline _pipeline = null!;
    private WireRequest _getCallerIdentity = null!;
    private WireRequest _getRole = null!;
    private WireRequest _simulate = null!;
    private WireRequest _getSecretValue = null!;
    private WireRequest _getParameters = null!;
    private WireRequest _putLogEvents = null!;

    /// <summary>The store behind the pipeline: <c>memory</c> is what <c>serve --ephemeral</c> uses; <c>sqlite</c> the
    /// SQLite engine (in memory here, so without the file store's fsync).</summary>
    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        _store = Store == "sqlite" ? SqliteStateStore.OpenInMemory() : new MemoryStateStore();
        _log = new RequestLog(TextWriter.Null);
        var rootKeys = new Dictionary<string, (string, string)>(StringComparer.Ordinal) { ["test"] = ("000000000000", "test") };
        _pipeline = new AwsRequestPipeline(CloudServices.Create(), _store, new StoredCredentials(_store, rootKeys), TimeProvider.System, _log);

        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        Run(Query("iam", "Action=CreateRole&RoleName=bench&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust) + "&Version=2010-05-08"));
        Run(Query("iam", "Action=PutRolePolicy&RoleName=bench&PolicyName=p&PolicyDocument=" + Uri.EscapeDataString(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}""") +
            "&Version=2010-05-08"));
        Run(Json("secretsmanager", "secretsmanager.CreateSecret", """{"Name":"bench/secret","SecretString":"{\"password\":\"hunter2\"}"}"""));
        for (var i = 1; i <= 3; i++)
        {
            Run(Json("ssm", "AmazonSSM.PutParameter", $$"""{"Name":"/bench/p{{i}}","Value":"value-{{i}}","Type":"String"}"""));
        }

        Run(Json("logs", "Logs_20140328.CreateLogGroup", """{"logGroupName":"/bench"}"""));
        Run(Json("logs", "Logs_20140328.CreateLogStream", """{"logGroupName":"/bench","logStreamName":"s"}"""));

        _getCallerIdentity = Query("sts", "Action=GetCallerIdentity&Version=2011-06-15");
        _getRole = Query("iam", "Action=GetRole&RoleName=bench&Version=2010-05-08");
        _simulate = Query("iam", "Action=SimulatePrincipalPolicy&PolicySourceArn=" + Uri.EscapeDataString("arn:aws:iam::000000000000:role/bench") +
            "&ActionNames.member.1=" + Uri.EscapeDataString("ecr:GetAuthorizationToken") + "&Version=2010-05-08");
        _getSecretValue = Json("secretsmanager", "secretsmanager.GetSecretValue", """{"SecretId":"bench/secret"}""");
        _getParameters = Json("ssm", "AmazonSSM.GetParameters", """{"Names":["/bench/p1","/bench/p2","/bench/p3"]}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _putLogEvents = Json("logs", "Logs_20140328.PutLogEvents",
            $$"""{"logGroupName":"/bench","logStreamName":"s","logEvents":[{"timestamp":{{now}},"message":"GET /health 200 1ms"},{"timestamp":{{now}},"message":"GET /orders 200 12ms"}]}""");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
    }

    [Benchmark]
    public int GetCallerIdentity() => Run(_getCallerIdentity);

    [Benchmark]
    public int GetRole() => Run(_getRole);

    [Benchmark]
    public int SimulatePrincipalPolicy() => Run(_simulate);

    [Benchmark]
    public int GetSecretValue() => Run(_getSecretValue);

    [Benchmark]
    public int GetParameters() => Run(_getParameters);

    /// <summary>Appends to one stream, as the load benchmark does (the stream grows by one batch per call).</summary>
    [Benchmark]
    public int PutLogEvents() => Run(_putLogEvents);

    private int Run(WireRequest request)
    {
        var response = _pipeline.Handle(request, Outside);
        return response.Status == 200
            ? response.Body.Length
            : throw new InvalidOperationException($"{response.Status}: {Encoding.UTF8.GetString(response.Body.Span)}");
    }

    private static WireRequest Query(string service, string form)
    {
        var host = service == "iam" ? "iam.amazonaws.com" : "sts.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(form);
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            host, body, Root, "us-east-1", service, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }

    private static WireRequest Json(string service, string target, string json)
    {
        var host = $"{service}.us-east-1.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(json);
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", target)],
            host, body, Root, "us-east-1", service, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }
}
