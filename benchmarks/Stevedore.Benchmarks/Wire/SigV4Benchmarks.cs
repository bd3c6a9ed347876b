using System.Text;
using BenchmarkDotNet.Attributes;
using Stevedore.Aws.SigV4;

namespace Stevedore.Benchmarks.Wire;

/// <summary>
/// SigV4 on the request path: signing as the simulated agent does (a JSON 1.1 POST) and verifying a header-signed
/// JSON POST and a Query (STS) POST, as the endpoint does for every request.
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 23, 19, 7, TimeSpan.Zero);
    private static readonly SigV4Signer.Credentials Credentials =
        new("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN+session/token==");

    private static readonly byte[] JsonBody = Encoding.UTF8.GetBytes(
        """{"cluster":"default","tasks":["arn:aws:ecs:us-east-1:111111111111:task/default/0123456789abcdef0123456789abcdef"]}""");

    private static readonly byte[] QueryBody = "Action=GetCallerIdentity&Version=2011-06-15"u8.ToArray();

    private readonly Lookup _lookup = new();
    private SignedRequest _json = null!;
    private SignedRequest _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = Signed("POST", "/", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeTasks")], JsonBody, "ecs");
        _query = Signed("POST", "/", [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], QueryBody, "sts");
        foreach (var request in new[] { _json, _query })
        {
            var result = SigV4Verifier.Verify(request, _lookup, Now);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"setup: {result.Error!.Code}: {result.Error.Message}");
            }
        }
    }

    [Benchmark]
    public List<KeyValuePair<string, string>> SignJson() =>
        SigV4Signer.Sign("POST", "/", "",
            [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeTasks")],
            "ecs.us-east-1.amazonaws.com", JsonBody, Credentials, "us-east-1", "ecs", Now);

    [Benchmark]
    public SigV4Result VerifyJson() => SigV4Verifier.Verify(_json, _lookup, Now);

    [Benchmark]
    public SigV4Result VerifyQuery() => SigV4Verifier.Verify(_query, _lookup, Now);

    private static SignedRequest Signed(string method, string path, KeyValuePair<string, string>[] headers, byte[] body, string service)
    {
        var host = $"{service}.us-east-1.amazonaws.com";
        var all = SigV4Signer.Sign(method, path, "", headers, host, body, Credentials, "us-east-1", service, Now);
        all.Add(new("User-Agent", "Boto3/1.35.0 md/Botocore#1.35.0   ua/2.0 os/linux#6.1.0 md/arch#x86_64"));
        all.Add(new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return SignedRequest.FromBody(method, path, "", all, host, body);
    }

    private sealed class Lookup : ICredentialLookup
    {
        private readonly SigningCredential _credential =
            new(Credentials.AccessKeyId, Credentials.SecretAccessKey, Credentials.SessionToken, Now.AddHours(1));

        public bool TryGet(string accessKeyId, out SigningCredential credential)
        {
            credential = _credential;
            return accessKeyId == _credential.AccessKeyId;
        }
    }
}
