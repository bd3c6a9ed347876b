using System.Security.Cryptography;
using System.Text;
using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>
/// <c>aws-chunked</c> bodies shaped like the example of https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
/// (66560 bytes of 'a' in a 65536-byte and a 1024-byte chunk, its key and scope). The chunk signatures were computed
/// independently with Python's hmac/hashlib from the documented string to sign; the published example's own values could
/// not be confirmed here, so the end-to-end check is the AWS SDK for .NET upload in the server tests.
/// </summary>
public class AwsChunkedTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Time = "20130524T000000Z";
    private const string Scope = "20130524/us-east-1/s3/aws4_request";
    private const string Seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

    private static readonly string[] Published =
    [
        "61ed74d76ad0a0a3cd61199c82a3112c3c90ec6bf34d8b2c625093a11e569c2b",
        "1bc5ec3a09ab65cbdd970c67f8744614b27f6f762e6f7b998405f4c8b577a685",
        "7cd0adc4c8559a39c487847ea89a4137b7653d47264e872e48d980f945fc3927",
    ];

    [Fact]
    public void The_example_decodes_and_its_chunk_signatures_verify()
    {
        var body = Chunked([65536, 1024, 0], Published);

        var decoded = AwsChunkedDecoder.Decode(body, AwsChunkedDecoder.SignedPayload, Seed, Time, Scope, Key());

        Assert.Equal(66560, decoded.Data.Length);
        Assert.All(decoded.Data, b => Assert.Equal((byte)'a', b));
    }

    [Fact]
    public void A_tampered_chunk_is_SignatureDoesNotMatch()
    {
        var body = Chunked([65536, 1024, 0], Published);
        body[200] = (byte)'b';

        var error = Assert.Throws<AwsChunkedException>(() => AwsChunkedDecoder.Decode(body, AwsChunkedDecoder.SignedPayload, Seed, Time, Scope, Key()));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(403, error.Status);
    }

    [Fact]
    public void A_signed_trailer_is_verified_and_returned()
    {
        var key = Key();
        var data = Encoding.ASCII.GetBytes("hello trailer");
        var chunk1 = Sign(key, Seed, data);
        var final = Sign(key, chunk1, []);
        var crc = PayloadChecksum.Compute("crc32", data);
        var trailerText = $"x-amz-checksum-crc32:{crc}\n";
        var trailerSig = AwsChunkedDecoder.Sign(key,
            $"AWS4-HMAC-SHA256-TRAILER\n{Time}\n{Scope}\n{final}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trailerText)))}");
        var body = Encoding.ASCII.GetBytes(
            $"{data.Length:x};chunk-signature={chunk1}\r\nhello trailer\r\n0;chunk-signature={final}\r\nx-amz-checksum-crc32:{crc}\r\nx-amz-trailer-signature:{trailerSig}\r\n\r\n");

        var decoded = AwsChunkedDecoder.Decode(body, AwsChunkedDecoder.SignedPayloadTrailer, Seed, Time, Scope, key);

        Assert.Equal(data, decoded.Data);
        Assert.Equal(new KeyValuePair<string, string>("x-amz-checksum-crc32", crc), Assert.Single(decoded.Trailers));

        var forged = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(body).Replace(crc, "AAAAAA==", StringComparison.Ordinal));
        Assert.Throws<AwsChunkedException>(() => AwsChunkedDecoder.Decode(forged, AwsChunkedDecoder.SignedPayloadTrailer, Seed, Time, Scope, key));
    }

    [Fact]
    public void An_unsigned_trailer_body_decodes()
    {
        var body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"u8.ToArray();

        var decoded = AwsChunkedDecoder.Decode(body, AwsChunkedDecoder.UnsignedPayloadTrailer, "", "", "", []);

        Assert.Equal("hello"u8.ToArray(), decoded.Data);
        Assert.Equal("NhCmhg==", decoded.Trailers[0].Value);
    }

    [Theory]
    [InlineData("7fffffff\r\nhello\r\n0\r\n\r\n")]
    [InlineData("7ffffff0\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\n7fffffff\r\nx\r\n0\r\n\r\n")]
    [InlineData("ffffffff\r\nhello\r\n0\r\n\r\n")]
    public void A_chunk_size_past_the_body_is_IncompleteBody_even_near_int_max(string text)
    {
        var body = Encoding.ASCII.GetBytes(text);

        var error = Assert.Throws<AwsChunkedException>(() => AwsChunkedDecoder.Decode(body, AwsChunkedDecoder.UnsignedPayloadTrailer, "", "", "", []));

        Assert.Equal("IncompleteBody", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Theory]
    [InlineData("crc32", "NhCmhg==")]
    [InlineData("crc32c", "mnG7TA==")]
    [InlineData("sha1", "qvTGHdzF6KLavt4PO0gs2a6pQ00=")]
    [InlineData("sha256", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")]
    public void Checksums_of_hello(string algorithm, string expected) =>
        Assert.Equal(expected, PayloadChecksum.Compute(algorithm, "hello"u8));

    private static byte[] Chunked(int[] sizes, string[] signatures)
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < sizes.Length; i++)
        {
            stream.Write(Encoding.ASCII.GetBytes($"{sizes[i]:x};chunk-signature={signatures[i]}\r\n"));
            stream.Write(Enumerable.Repeat((byte)'a', sizes[i]).ToArray());
            stream.Write("\r\n"u8);
        }

        return stream.ToArray();
    }

    private static string Sign(byte[] key, string previous, byte[] chunk) =>
        AwsChunkedDecoder.Sign(key,
            $"AWS4-HMAC-SHA256-PAYLOAD\n{Time}\n{Scope}\n{previous}\n{SignedRequest.EmptySha256}\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}");

    private static byte[] Key()
    {
        var date = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + Secret), "20130524"u8);
        var region = HMACSHA256.HashData(date, "us-east-1"u8);
        var service = HMACSHA256.HashData(region, "s3"u8);
        return HMACSHA256.HashData(service, "aws4_request"u8);
    }
}
