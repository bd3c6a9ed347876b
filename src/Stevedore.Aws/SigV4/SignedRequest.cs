using System.Security.Cryptography;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// An HTTP request as received, reduced to what SigV4 verification needs. Nothing here is decoded
/// or normalized: the verifier canonicalizes exactly as AWS does.
/// </summary>
/// <param name="Method">HTTP method (upper-cased for the canonical request).</param>
/// <param name="RawPath">The path exactly as it arrived on the wire (still percent-encoded), without the query.</param>
/// <param name="RawQuery">The query string as it arrived on the wire, without the leading <c>?</c>; empty when none.</param>
/// <param name="Headers">Every header in arrival order; repeated names are allowed.</param>
/// <param name="Host">The request host (with port when not default), used when no <c>Host</c> header is present (HTTP/2 <c>:authority</c>).</param>
/// <param name="PayloadSha256">Lazily gives the lower-case hex SHA-256 of the body; only called when the signature covers the body.</param>
public sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Host,
    Func<string> PayloadSha256)
{
    /// <summary>Lower-case hex SHA-256 of the empty string.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Builds a request whose body is fully buffered.</summary>
    public static SignedRequest FromBody(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string host,
        ReadOnlyMemory<byte> body)
    {
        string? hash = null;
        return new SignedRequest(method, rawPath, rawQuery, headers, host, () => hash ??= Sha256Hex(body.Span));
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return LowerHex.ToString(digest);
    }
}
