using System.Text;
using Stevedore.Aws.Protocols;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Signed requests with their signing headers or query mangled (characters dropped, repeated, replaced, parts cut
/// off or doubled): each answer is an authentication error or, where the change is harmless, a success — never a 5xx.
/// </summary>
public sealed class SignatureRobustnessTests : IDisposable
{
    private static readonly string[] Signing = ["Authorization", "X-Amz-Date", "X-Amz-Content-Sha256", "X-Amz-Security-Token", "Host"];

    private static readonly string[] Pieces = ["", ",", "=", "/", " ", "Credential=", "SignedHeaders=", "Signature=", "AWS4-HMAC-SHA256", "aws4_request",
        "%", "%FF", "\u00FC", "20991231T000000Z", "2013-01-01", "x-amz-date", ";", ";;", "Credential=test/20130524/us-east-1/s3/aws4_request"];

    private readonly InProcessCloud _cloud = new();

    [Fact]
    public void A_mangled_signature_never_answers_5xx()
    {
        var random = new Random(RobustnessRuns.Seed("sigv4"));
        var originals = new[]
        {
            _cloud.Json(_cloud.Services["secretsmanager"], "ListSecrets", "{}"),
            _cloud.Query(_cloud.Services["iam"], "Action=ListRoles&Version=2010-05-08"),
            _cloud.Query(_cloud.Services["sts"], "Action=GetCallerIdentity&Version=2011-06-15"),
            _cloud.S3("GET", "/", "", [], []),
        };
        var failures = new List<string>();
        for (var i = 0; i < RobustnessRuns.InputsPerOperation * 25; i++)
        {
            var original = originals[random.Next(originals.Length)];
            var request = Mangle(original, random);
            var response = _cloud.Handle(request);
            if (response.Status >= 500)
            {
                failures.Add($"#{i} → {response.Status} {Encoding.UTF8.GetString(response.Body.Span)[..Math.Min(300, response.Body.Length)]}\n    " +
                    string.Join(" | ", request.Headers.Select(h => $"{h.Key}: {h.Value}")) + $" ?{request.RawQuery}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void A_mangled_presigned_url_never_answers_5xx()
    {
        var random = new Random(RobustnessRuns.Seed("presigned"));
        var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z" +
            "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=" + new string('a', 64);
        var failures = new List<string>();
        for (var i = 0; i < RobustnessRuns.InputsPerOperation * 25; i++)
        {
            var mangled = MangleText(query, random);
            var request = new WireRequest("GET", "/test/k", mangled, [new("Host", "s3.us-east-1.amazonaws.com")], "s3.us-east-1.amazonaws.com", Array.Empty<byte>());
            var response = _cloud.Handle(request);
            if (response.Status >= 500)
            {
                failures.Add($"#{i} → {response.Status} {Encoding.UTF8.GetString(response.Body.Span)[..Math.Min(300, response.Body.Length)]}\n    ?{mangled}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void A_presigned_url_with_an_empty_access_key_is_refused_not_failed()
    {
        // Found by the search above: an empty access key was looked up as a stored key (500).
        const string query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z" +
            "&X-Amz-ExpireCredential=s=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        var response = _cloud.Handle(new WireRequest("GET", "/test/k", query, [new("Host", "s3.us-east-1.amazonaws.com")], "s3.us-east-1.amazonaws.com", Array.Empty<byte>()));

        var body = Encoding.UTF8.GetString(response.Body.Span);
        Assert.True(response.Status is 400 or 403, body);
    }

    private static WireRequest Mangle(WireRequest request, Random random)
    {
        var headers = request.Headers.ToList();
        var name = Signing[random.Next(Signing.Length)];
        var index = headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        switch (random.Next(4))
        {
            case 0 when index >= 0:
                headers.RemoveAt(index);
                break;
            case 1 when index >= 0:
                headers.Add(new(name, MangleText(headers[index].Value, random))); // the header twice
                break;
            default:
                var value = index >= 0 ? headers[index].Value : "";
                if (index >= 0)
                {
                    headers[index] = new(name, MangleText(value, random));
                }
                else
                {
                    headers.Add(new(name, MangleText(value, random)));
                }

                break;
        }

        return request with { Headers = headers };
    }

    private static string MangleText(string text, Random random)
    {
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            var piece = Pieces[random.Next(Pieces.Length)];
            text = random.Next(5) switch
            {
                0 => text[..at], // cut off
                1 => text.Remove(at, Math.Min(text.Length - at, random.Next(1, 12))), // a run dropped
                2 => text.Insert(at, piece),
                3 => text + text[at..], // a tail doubled
                _ => text.Length == 0 ? piece : text.Remove(at, 1).Insert(at, piece), // replaced
            };
        }

        return text;
    }

    public void Dispose() => _cloud.Dispose();
}
