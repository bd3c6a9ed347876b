using System.Globalization;

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

        // Header names lower-cased and sorted (ordinal, stable: repeated headers keep their arrival order).
        var order = new (string Name, int Index)[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            order[i] = (all[i].Key.ToLowerInvariant(), i);
        }

        Array.Sort(order, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Index.CompareTo(b.Index);
        });

        var canonical = new PooledText(512);
        var toSign = new PooledText(256);
        var signedHeaders = new PooledText(128);
        try
        {
            canonical.Append(method.ToUpperInvariant());
            canonical.Append('\n');
            canonical.Append(SigV4Canonical.CanonicalUri(rawPath, singleEncode: service == "s3"));
            canonical.Append('\n');
            canonical.Append(SigV4Canonical.CanonicalQuery(rawQuery, presigned: false));
            canonical.Append('\n');
            for (var i = 0; i < order.Length; i++)
            {
                var name = order[i].Name;
                if (i > 0 && name == order[i - 1].Name)
                {
                    canonical.Append(',');
                }
                else
                {
                    if (i > 0)
                    {
                        canonical.Append('\n');
                        signedHeaders.Append(';');
                    }

                    canonical.Append(name);
                    canonical.Append(':');
                    signedHeaders.Append(name);
                }

                SigV4Canonical.AppendTrimAll(all[order[i].Index].Value, ref canonical);
            }

            if (order.Length > 0)
            {
                canonical.Append('\n');
            }

            canonical.Append('\n');
            canonical.Append(signedHeaders.Span);
            canonical.Append('\n');
            canonical.Append(payloadHash);

            Span<char> hash = stackalloc char[64];
            canonical.Sha256HexTo(hash);
            var scope = $"{date}/{region}/{service}/aws4_request";
            toSign.Append("AWS4-HMAC-SHA256\n");
            toSign.Append(stamp);
            toSign.Append('\n');
            toSign.Append(scope);
            toSign.Append('\n');
            toSign.Append(hash);
            var key = SigningKeyCache.Shared.Get(credentials.SecretAccessKey, date, region, service);
            Span<char> signature = stackalloc char[64];
            PooledText.HmacSha256Hex(key, toSign.Span, signature);
            all.Add(new(
                "Authorization",
                $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders.Span}, Signature={signature}"));
        }
        finally
        {
            canonical.Dispose();
            toSign.Dispose();
            signedHeaders.Dispose();
        }

        return all;
    }
}
