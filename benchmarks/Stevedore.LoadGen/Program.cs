// Bounded load generator for the endpoint (Query form POSTs and JSON 1.1 POSTs): SigV4-signed requests over N keep-alive
// connections (a minimal raw HTTP/1.1 client by default, HttpClient with --client http), N concurrent loops, every response checked for 200; prints requests/s and p50/p99/p99.9 latency.
// Works against Stevedore and moto server (moto accepts any credentials). Only for 127.0.0.1 / localhost.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Stevedore.LoadGen;

internal static partial class Program
{
    private const string RoleName = "loadgen-role";
    private const string TrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string InlinePolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}""";

    private static int Main(string[] args)
    {
        try
        {
            return Run(Options.Parse(args)).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }
    }

    private static async Task<int> Run(Options o)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = o.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var signer = new Signer(o.Endpoint, o.AccessKey, o.SecretKey);

        var request = o.Operation == "RunTask"
            ? ApiRequest.Json("ecs", "AmazonEC2ContainerServiceV20141113.RunTask", o.Body ?? throw new ArgumentException("RunTask needs --body (setup_runtask.py prints it)"))
            : await Prepare(http, signer, o.Operation).ConfigureAwait(false);

        // One probe, printed, so a non-200 is visible before the run.
        var (probeStatus, probeBody) = await Send(http, signer, request).ConfigureAwait(false);
        if (probeStatus != 200)
        {
            Console.WriteLine($"probe {o.Operation}: HTTP {probeStatus}: {Trim(probeBody)}");
            Console.WriteLine($"RESULT op={o.Operation} conns={o.Connections} status=FAILED({probeStatus})");
            return 1;
        }

        if (o.WrkScript is not null)
        {
            // wrk replays one request: signed now, it stays valid for the 15 minutes SigV4 allows for clock skew.
            File.WriteAllText(o.WrkScript, WrkScript.For(signer.BuildBytes(request)));
            Console.WriteLine($"wrote {o.WrkScript} ({o.Operation})");
            return 0;
        }

        // The measured loops: the raw client (default) or HttpClient (--client http).
        var raw = new List<RawHttpConnection>();
        Func<Task<(int Status, string? Body)>> Loop()
        {
            if (o.Client == "http")
            {
                return () => Send(http, signer, request, readBodyOnSuccess: false)!;
            }

            var connection = new RawHttpConnection(o.Endpoint.Host, o.Endpoint.Port);
            lock (raw)
            {
                raw.Add(connection);
            }

            return async () => (await connection.SendAsync(signer.BuildBytes(request)).ConfigureAwait(false), null);
        }

        if (o.WarmupSeconds > 0)
        {
            await Drive(Loop, o.Connections, TimeSpan.FromSeconds(o.WarmupSeconds), 0).ConfigureAwait(false);
        }

        var result = await Drive(Loop, o.Connections,
            o.Requests > 0 ? TimeSpan.FromSeconds(Options.MaxSeconds) : TimeSpan.FromSeconds(o.Seconds), o.Requests).ConfigureAwait(false);
        raw.ForEach(c => c.Dispose());

        var lat = result.Latencies;
        Array.Sort(lat);
        double Ms(double q) => lat.Length == 0 ? double.NaN : lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(q * lat.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        double rps = result.Ok / result.Elapsed.TotalSeconds;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"RESULT op={o.Operation} conns={o.Connections} client={o.Client} requests={result.Ok} errors={result.Errors} seconds={result.Elapsed.TotalSeconds:F2} " +
            $"rps={rps:F0} p50_ms={Ms(0.50):F3} p99_ms={Ms(0.99):F3} p999_ms={Ms(0.999):F3}"));
        if (result.Errors > 0)
        {
            Console.WriteLine($"first error: {result.FirstError}");
            return 1;
        }

        return 0;
    }

    private sealed record DriveResult(long Ok, long Errors, TimeSpan Elapsed, long[] Latencies, string? FirstError);

    private static async Task<DriveResult> Drive(Func<Func<Task<(int Status, string? Body)>>> loop, int loops, TimeSpan duration, long requests)
    {
        long issued = 0, ok = 0, errors = 0;
        string? firstError = null;
        var lists = new List<long>[loops];
        var total = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[loops];
        for (int i = 0; i < loops; i++)
        {
            var mine = lists[i] = new List<long>(1 << 16);
            var send = loop();
            tasks[i] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline && (requests == 0 || Interlocked.Increment(ref issued) <= requests))
                {
                    long t0 = Stopwatch.GetTimestamp();
                    int status;
                    string? text = null;
                    try
                    {
                        (status, text) = await send().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException)
                    {
                        status = -1;
                        text = e.Message;
                    }

                    long t1 = Stopwatch.GetTimestamp();
                    if (status == 200)
                    {
                        Interlocked.Increment(ref ok);
                        mine.Add(t1 - t0);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"HTTP {status}: {Trim(text)}", null);
                    }
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        total.Stop();
        return new DriveResult(ok, errors, total.Elapsed, lists.SelectMany(l => l).ToArray(), firstError);
    }

    /// <summary>Creates what the operation reads (ignoring "already exists") and returns the request to repeat.</summary>
    private static async Task<ApiRequest> Prepare(HttpClient http, Signer signer, string operation)
    {
        switch (operation)
        {
            case "Health":
                return ApiRequest.Health;
            case "GetCallerIdentity":
                return ApiRequest.Query("sts", "Action=GetCallerIdentity&Version=2011-06-15");
            case "GetRole":
                await EnsureRole(http, signer).ConfigureAwait(false);
                return ApiRequest.Query("iam", "Action=GetRole&RoleName=" + RoleName + "&Version=2010-05-08");
            case "SimulatePrincipalPolicy":
                var arn = await EnsureRole(http, signer).ConfigureAwait(false);
                return ApiRequest.Query("iam", "Action=SimulatePrincipalPolicy&PolicySourceArn=" + Uri.EscapeDataString(arn) +
                    "&ActionNames.member.1=" + Uri.EscapeDataString("ecr:GetAuthorizationToken") + "&Version=2010-05-08");
            case "GetSecretValue":
                await Ensure(http, signer, ApiRequest.Json("secretsmanager", "secretsmanager.CreateSecret",
                    """{"Name":"loadgen/secret","SecretString":"{\"password\":\"hunter2\"}"}"""), "ResourceExistsException").ConfigureAwait(false);
                return ApiRequest.Json("secretsmanager", "secretsmanager.GetSecretValue", """{"SecretId":"loadgen/secret"}""");
            case "GetParameters":
                for (var i = 1; i <= 3; i++)
                {
                    await Ensure(http, signer, ApiRequest.Json("ssm", "AmazonSSM.PutParameter",
                        $$"""{"Name":"/loadgen/p{{i}}","Value":"value-{{i}}","Type":"String","Overwrite":true}"""), null).ConfigureAwait(false);
                }
                return ApiRequest.Json("ssm", "AmazonSSM.GetParameters", """{"Names":["/loadgen/p1","/loadgen/p2","/loadgen/p3"]}""");
            case "PutLogEvents":
                await Ensure(http, signer, ApiRequest.Json("logs", "Logs_20140328.CreateLogGroup", """{"logGroupName":"/loadgen"}"""),
                    "ResourceAlreadyExistsException").ConfigureAwait(false);
                await Ensure(http, signer, ApiRequest.Json("logs", "Logs_20140328.CreateLogStream", """{"logGroupName":"/loadgen","logStreamName":"s"}"""),
                    "ResourceAlreadyExistsException").ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                return ApiRequest.Json("logs", "Logs_20140328.PutLogEvents", string.Create(CultureInfo.InvariantCulture,
                    $$"""{"logGroupName":"/loadgen","logStreamName":"s","logEvents":[{"timestamp":{{now}},"message":"GET /health 200 1ms"},{"timestamp":{{now}},"message":"GET /orders 200 12ms"}]}"""));
            default:
                throw new ArgumentException("unknown operation " + operation);
        }
    }

    private static async Task Ensure(HttpClient http, Signer signer, ApiRequest request, string? tolerated)
    {
        var (status, body) = await Send(http, signer, request).ConfigureAwait(false);
        if (status != 200 && (tolerated is null || !body.Contains(tolerated, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{request.Target ?? request.Body}: HTTP {status}: {Trim(body)}");
        }
    }

    private static Task<(int Status, string Body)> Send(HttpClient http, Signer signer, string service, string body) =>
        Send(http, signer, ApiRequest.Query(service, body));

    private static async Task<(int Status, string Body)> Send(HttpClient http, Signer signer, ApiRequest request, bool readBodyOnSuccess = true)
    {
        using var req = signer.Build(request);
        using var resp = await http.SendAsync(req, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        int status = (int)resp.StatusCode;
        string text = status != 200 || readBodyOnSuccess ? await resp.Content.ReadAsStringAsync().ConfigureAwait(false) : "";
        return (status, text);
    }

    /// <summary>CreateRole (ignore EntityAlreadyExists), PutRolePolicy, then GetRole; returns the role ARN.</summary>
    private static async Task<string> EnsureRole(HttpClient http, Signer signer)
    {
        var (s1, b1) = await Send(http, signer, "iam",
            "Action=CreateRole&RoleName=" + RoleName + "&AssumeRolePolicyDocument=" + Uri.EscapeDataString(TrustPolicy) + "&Version=2010-05-08").ConfigureAwait(false);
        if (s1 != 200 && !b1.Contains("EntityAlreadyExists", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"CreateRole: HTTP {s1}: {Trim(b1)}");
        }

        var (s2, b2) = await Send(http, signer, "iam",
            "Action=PutRolePolicy&RoleName=" + RoleName + "&PolicyName=ecr&PolicyDocument=" + Uri.EscapeDataString(InlinePolicy) + "&Version=2010-05-08").ConfigureAwait(false);
        if (s2 != 200)
        {
            throw new InvalidOperationException($"PutRolePolicy: HTTP {s2}: {Trim(b2)}");
        }

        var (s3, b3) = await Send(http, signer, "iam", "Action=GetRole&RoleName=" + RoleName + "&Version=2010-05-08").ConfigureAwait(false);
        var m = ArnRegex().Match(b3);
        if (s3 != 200 || !m.Success)
        {
            throw new InvalidOperationException($"GetRole: HTTP {s3}: {Trim(b3)}");
        }

        return m.Groups[1].Value;
    }

    private static string Trim(string? s) => s is null ? "" : s.Length > 400 ? s[..400] + "…" : s;

    [GeneratedRegex("<Arn>([^<]+)</Arn>")]
    private static partial Regex ArnRegex();
}

/// <summary>One request to repeat: a Query form POST, or a JSON 1.1 POST with its X-Amz-Target.</summary>
internal sealed record ApiRequest(string Service, string ContentType, string? Target, string Body)
{
    public static ApiRequest Query(string service, string body) => new(service, "application/x-www-form-urlencoded; charset=utf-8", null, body);

    public static ApiRequest Json(string service, string target, string body) => new(service, "application/x-amz-json-1.1", target, body);

    /// <summary>Stevedore's unsigned <c>GET /_stevedore/health</c>: the HTTP server's own cost per request, the floor under every operation.</summary>
    public static ApiRequest Health { get; } = new("health", "", null, "");

    public bool IsHealth => Service == "health";
}

/// <summary>SigV4 for POSTs to "/": signs content-type;host;x-amz-date (and x-amz-target); the signature is cached per second and request.</summary>
internal sealed class Signer(Uri endpoint, string accessKey, string secretKey)
{
    private readonly string _host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Host + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
    private readonly Uri _uri = new(endpoint, "/");
    [ThreadStatic] private static Dictionary<string, (string Stamp, string Auth)>? t_cache;

    [ThreadStatic] private static Dictionary<ApiRequest, (string Stamp, byte[] Bytes)>? t_bytes;

    /// <summary>The whole HTTP/1.1 request, signed, as bytes (rebuilt when the second changes) for the raw client.</summary>
    public byte[] BuildBytes(ApiRequest request)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var cache = t_bytes ??= [];
        if (cache.TryGetValue(request, out var entry) && entry.Stamp == stamp)
        {
            return entry.Bytes;
        }

        if (request.IsHealth)
        {
            return Encoding.ASCII.GetBytes("GET /_stevedore/health HTTP/1.1\r\nHost: " + _host + "\r\n\r\n");
        }

        var body = Encoding.UTF8.GetBytes(request.Body);
        var head = new StringBuilder()
            .Append("POST / HTTP/1.1\r\nHost: ").Append(_host)
            .Append("\r\nContent-Type: ").Append(request.ContentType)
            .Append("\r\nContent-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture))
            .Append("\r\nX-Amz-Date: ").Append(stamp);
        if (request.Target is not null)
        {
            head.Append("\r\nX-Amz-Target: ").Append(request.Target);
        }

        head.Append("\r\nAuthorization: ").Append(Authorization(request, stamp)).Append("\r\n\r\n");
        var bytes = Encoding.ASCII.GetBytes(head.ToString()).Concat(body).ToArray();
        cache[request] = (stamp, bytes);
        return bytes;
    }

    public HttpRequestMessage Build(ApiRequest request)
    {
        if (request.IsHealth)
        {
            return new HttpRequestMessage(HttpMethod.Get, new Uri(_uri, "/_stevedore/health")) { Version = HttpVersion.Version11 };
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var cache = t_cache ??= new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var key = request.Service + "\n" + request.Target + "\n" + request.Body;
        if (!cache.TryGetValue(key, out var entry) || entry.Stamp != stamp)
        {
            entry = (stamp, Authorization(request, stamp));
            cache[key] = entry;
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
        content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        var req = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content, Version = HttpVersion.Version11 };
        req.Headers.Host = _host;
        req.Headers.TryAddWithoutValidation("X-Amz-Date", stamp);
        if (request.Target is not null)
        {
            req.Headers.TryAddWithoutValidation("X-Amz-Target", request.Target);
        }

        req.Headers.TryAddWithoutValidation("Authorization", entry.Auth);
        return req;
    }

    private string Authorization(ApiRequest request, string stamp)
    {
        var service = request.Service;
        var date = stamp[..8];
        var scope = $"{date}/us-east-1/{service}/aws4_request";
        var signedHeaders = request.Target is null ? "content-type;host;x-amz-date" : "content-type;host;x-amz-date;x-amz-target";
        var target = request.Target is null ? "" : "x-amz-target:" + request.Target + "\n";
        var canonical = "POST\n/\n\ncontent-type:" + request.ContentType + "\nhost:" + _host + "\nx-amz-date:" + stamp + "\n" + target +
                        "\n" + signedHeaders + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        var toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        k = HMACSHA256.HashData(k, "us-east-1"u8.ToArray());
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
        k = HMACSHA256.HashData(k, "aws4_request"u8.ToArray());
        var sig = Hex(HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(toSign)));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={sig}";
    }

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}

internal sealed class Options
{
    public const int MaxSeconds = 30;
    public const string Usage =
        "usage: Stevedore.LoadGen --endpoint http://127.0.0.1:4566 --op Health|GetCallerIdentity|GetRole|SimulatePrincipalPolicy|GetSecretValue|GetParameters|PutLogEvents|RunTask " +
        "[--connections 1|16] [--seconds 10 (max 30) | --requests N] [--warmup 1] [--access-key test] [--secret-key test] [--client raw|http] [--body JSON (RunTask: the request setup_runtask.py prints)] [--wrk-script FILE (prepare, then write the signed request as a wrk Lua script instead of measuring)]";

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:4566");
    public string Operation { get; private set; } = "GetCallerIdentity";
    public int Connections { get; private set; } = 1;
    public double Seconds { get; private set; } = 10;
    public long Requests { get; private set; }
    public double WarmupSeconds { get; private set; } = 1;
    public string AccessKey { get; private set; } = "test";
    public string SecretKey { get; private set; } = "test";
    public string Client { get; private set; } = "raw";
    public string? Body { get; private set; }
    public string? WrkScript { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value for " + args[i]);
            var inv = CultureInfo.InvariantCulture;
            switch (args[i])
            {
                case "--endpoint": o.Endpoint = new Uri(Next()); break;
                case "--op": o.Operation = Next(); break;
                case "--connections": o.Connections = int.Parse(Next(), inv); break;
                case "--seconds": o.Seconds = double.Parse(Next(), inv); break;
                case "--requests": o.Requests = long.Parse(Next(), inv); break;
                case "--warmup": o.WarmupSeconds = double.Parse(Next(), inv); break;
                case "--access-key": o.AccessKey = Next(); break;
                case "--secret-key": o.SecretKey = Next(); break;
                case "--body": o.Body = Next(); break;
                case "--wrk-script": o.WrkScript = Next(); break;
                case "--client": o.Client = Next() is "raw" or "http" ? args[i] : throw new ArgumentException("--client raw|http"); break;
                default: throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        if (!o.Endpoint.IsLoopback)
        {
            throw new ArgumentException("endpoint must be a loopback address");
        }

        if (o.Connections is < 1 or > 64)
        {
            throw new ArgumentException("connections must be 1..64");
        }

        if (o.Seconds is <= 0 or > MaxSeconds || o.WarmupSeconds is < 0 or > 5)
        {
            throw new ArgumentException($"seconds must be in (0, {MaxSeconds}], warmup in [0, 5]");
        }

        if (o.Requests is < 0 or > 1_000_000)
        {
            throw new ArgumentException("requests must be 0..1,000,000");
        }

        return o;
    }
}
