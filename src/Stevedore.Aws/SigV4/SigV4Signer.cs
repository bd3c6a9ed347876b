using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Signs a request with Signature Version 4 in the <c>Authorization</c> header, as an AWS SDK does: the client side of
/// <see cref="SigV4Verifier"/> (the simulated ECS agent signs its calls with it).
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public static class SigV4Signer
{
    /// <summary>The credentials a request is signed with (<paramref name="SessionToken"/> for temporary ones).</summary>
    public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null);

    /// <summary>
    /// Returns <paramref name="headers"/> with <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (when
    /// temporary), <c>X-Amz-Content-Sha256</c> (S3) and <c>Authorization</c> added; every header given is signed.
    /// </summary>
    /// <param name="rawPath">The path as sent (percent-encoded).</param>
    /// <param name="rawQuery">The query as sent, without <c>?</c>.</param>
    public static List<KeyValuePair<string, string>> Sign(
        string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, string host,
        ReadOnlySpan<byte> body, Credentials credentials, string region, string service, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = stamp[..8];
        var payloadHash = SignedRequest.Sha256Hex(body);
        var all = new List<KeyValuePair<string, string>>(headers) { new("Host", host), new("X-Amz-Date", stamp) };
        if (credentials.SessionToken is { } token)
        {
            all.Add(new("X-Amz-Security-Token", token));
        }

        if (service == "s3")
        {
            all.Add(new("X-Amz-Content-Sha256", payloadHash));
        }

        var signed = all
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: SigV4Canonical.CanonicalHeaderValue([.. g.Select(h => h.Value)])))
            .ToList();
        var canonical = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(SigV4Canonical.CanonicalUri(rawPath, singleEncode: service == "s3")).Append('\n')
            .Append(SigV4Canonical.CanonicalQuery(rawQuery, presigned: false)).Append('\n');
        foreach (var (name, value) in signed)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        var signedHeaders = string.Join(';', signed.Select(h => h.Name));
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{SignedRequest.Sha256Hex(Encoding.UTF8.GetBytes(canonical.ToString()))}";
        var key = SigningKeyCache.Derive(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        all.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return all;
    }
}
