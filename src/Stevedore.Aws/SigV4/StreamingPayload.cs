using System.Globalization;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Turns a verified request with an <c>aws-chunked</c> body into the request a protocol decoder expects: the decoded data as
/// the body, the trailing headers (<c>x-amz-checksum-crc32</c> …) as headers, <c>Content-Length</c> the decoded length and
/// <c>aws-chunked</c> gone from <c>Content-Encoding</c>. The trailing checksum is verified against the data.
/// </summary>
public static class StreamingPayload
{
    /// <summary>Decodes <paramref name="request"/>'s body when its <c>x-amz-content-sha256</c> announces <c>aws-chunked</c>; otherwise returns it unchanged.</summary>
    /// <exception cref="AwsServiceException">Bad framing, a chunk or trailer signature that does not match, or a checksum mismatch.</exception>
    public static WireRequest Decode(WireRequest request, SigV4Result verified)
    {
        var mode = request.Header("x-amz-content-sha256")?.Trim();
        if (!AwsChunkedDecoder.IsStreaming(mode) || !verified.Succeeded || verified.Credential is null)
        {
            return request;
        }

        var scope = verified.CredentialScope!.Split('/');
        var key = SigningKeyCache.Derive(verified.Credential.SecretAccessKey, scope[0], scope[1], scope[2]);
        AwsChunkedBody decoded;
        try
        {
            decoded = AwsChunkedDecoder.Decode(request.Body.Span, mode!, verified.Signature!, verified.RequestTimeText!, verified.CredentialScope, key);
        }
        catch (AwsChunkedException error)
        {
            throw new AwsServiceException(error.Code, error.Message, error.Status);
        }

        if (request.Header("x-amz-decoded-content-length") is { } declared
            && (!long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != decoded.Data.Length))
        {
            throw IncompleteBody();
        }

        foreach (var (name, value) in decoded.Trailers)
        {
            if (name.StartsWith("x-amz-checksum-", StringComparison.Ordinal) && PayloadChecksum.IsSupported(name["x-amz-checksum-".Length..]))
            {
                var algorithm = name["x-amz-checksum-".Length..];
                if (PayloadChecksum.Compute(algorithm, decoded.Data) != value)
                {
                    throw new AwsServiceException("BadDigest", $"The {PayloadChecksum.MessageName(algorithm)} you specified did not match the calculated checksum.", 400);
                }
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (string.Equals(name, "Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                var rest = string.Join(',', value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(v => v != "aws-chunked"));
                if (rest.Length > 0)
                {
                    headers.Add(new(name, rest));
                }

                continue;
            }

            headers.Add(new(name, value));
        }

        headers.Add(new("Content-Length", decoded.Data.Length.ToString(CultureInfo.InvariantCulture)));
        foreach (var trailer in decoded.Trailers)
        {
            if (!headers.Any(h => string.Equals(h.Key, trailer.Key, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(trailer);
            }
        }

        return request with { Headers = headers, Body = decoded.Data };
    }

    /// <summary>S3's answer for a body shorter than declared or whose framing is broken.</summary>
    public static AwsServiceException IncompleteBody() =>
        new("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", 400);
}
