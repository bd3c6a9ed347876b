using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>The body of an <c>aws-chunked</c> request once its framing is removed: the data and the trailing headers.</summary>
public sealed record AwsChunkedBody(byte[] Data, IReadOnlyList<KeyValuePair<string, string>> Trailers);

/// <summary>Why an <c>aws-chunked</c> body was rejected: the S3 error code, message and status.</summary>
public sealed class AwsChunkedException(string code, string message, int status) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>, <c>…-PAYLOAD-TRAILER</c>,
/// <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>), verifying each chunk signature (chained from the request's seed signature)
/// and the trailer signature. Pure: no I/O.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
public static class AwsChunkedDecoder
{
    /// <summary>Signed chunks, no trailer.</summary>
    public const string SignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    /// <summary>Signed chunks and a signed trailer.</summary>
    public const string SignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /// <summary>Unsigned chunks and an unsigned trailer.</summary>
    public const string UnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private const string EmptySha256 = SignedRequest.EmptySha256;

    /// <summary>Whether an <c>x-amz-content-sha256</c> value announces an <c>aws-chunked</c> body.</summary>
    public static bool IsStreaming(string? contentSha256) =>
        contentSha256 is SignedPayload or SignedPayloadTrailer or UnsignedPayloadTrailer;

    /// <summary>Decodes (and, for the signed modes, verifies) <paramref name="body"/>.</summary>
    /// <param name="mode">The <c>x-amz-content-sha256</c> value.</param>
    /// <param name="signingKey">The SigV4 signing key of the request's scope (signed modes).</param>
    /// <exception cref="AwsChunkedException">Bad framing or a signature that does not match.</exception>
    public static AwsChunkedBody Decode(
        ReadOnlySpan<byte> body, string mode, string seedSignature, string requestTime, string credentialScope, byte[] signingKey)
    {
        var signed = mode != UnsignedPayloadTrailer;
        var data = new MemoryStream();
        var previous = seedSignature;
        var position = 0;
        while (true)
        {
            var header = ReadLine(body, ref position) ?? throw Incomplete();
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var sizeText = semicolon < 0 ? header : header[..semicolon];
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw Incomplete();
            }

            string? chunkSignature = null;
            if (semicolon >= 0)
            {
                var extension = header[(semicolon + 1)..];
                const string Prefix = "chunk-signature=";
                if (extension.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    chunkSignature = extension[Prefix.Length..].Trim();
                }
            }

            if ((long)position + size > body.Length) // long: a size near int.MaxValue must not wrap past the check
            {
                throw Incomplete();
            }

            var chunk = body.Slice(position, size);
            position += size;
            if (signed)
            {
                var stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + requestTime + "\n" + credentialScope + "\n" + previous + "\n" +
                                   EmptySha256 + "\n" + SignedRequest.Sha256Hex(chunk);
                var expected = Sign(signingKey, stringToSign);
                if (chunkSignature is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(chunkSignature)))
                {
                    throw Mismatch();
                }

                previous = expected;
            }

            data.Write(chunk);
            if (size == 0)
            {
                break;
            }

            // Each non-final chunk ends with CRLF.
            if (ReadLine(body, ref position) is not "")
            {
                throw Incomplete();
            }
        }

        var trailers = new List<KeyValuePair<string, string>>();
        if (mode == SignedPayload)
        {
            return new AwsChunkedBody(data.ToArray(), trailers);
        }

        string? trailerSignature = null;
        var canonicalTrailers = new StringBuilder();
        while (ReadLine(body, ref position) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Incomplete();
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            trailers.Add(new(name, value));
            canonicalTrailers.Append(name).Append(':').Append(value).Append('\n');
        }

        if (mode == SignedPayloadTrailer)
        {
            var stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + requestTime + "\n" + credentialScope + "\n" + previous + "\n" +
                               SignedRequest.Sha256Hex(Encoding.UTF8.GetBytes(canonicalTrailers.ToString()));
            var expected = Sign(signingKey, stringToSign);
            if (trailerSignature is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(trailerSignature)))
            {
                throw Mismatch();
            }
        }

        return new AwsChunkedBody(data.ToArray(), trailers);
    }

    /// <summary>The signature of a chunk's string to sign (tests and clients).</summary>
    public static string Sign(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    private static string? ReadLine(ReadOnlySpan<byte> body, ref int position)
    {
        if (position >= body.Length)
        {
            return null;
        }

        var rest = body[position..];
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            position = body.Length;
            return Encoding.ASCII.GetString(rest);
        }

        position += end + 2;
        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static AwsChunkedException Incomplete() =>
        new("IncompleteBody", "The request body terminated unexpectedly", 400);

    private static AwsChunkedException Mismatch() =>
        new(SigV4Messages.SignatureDoesNotMatchCode,
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.", 403);
}
