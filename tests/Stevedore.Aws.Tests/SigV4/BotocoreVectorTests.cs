using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>Requests signed by botocore's SigV4Auth / SigV4QueryAuth (see make_vectors.py → vectors.json).</summary>
public class BotocoreVectorTests
{
    public static IEnumerable<object[]> Names => Vectors.Names;

    private static SigV4Result Verify(Vector v, SignedRequest request, DateTimeOffset? now = null) =>
        SigV4Verifier.Verify(request, new Keys(v.Credential), now ?? v.SignedAt.AddSeconds(30));

    [Fact]
    public void There_are_about_thirty_vectors() => Assert.InRange(Vectors.List.Count, 30, 60);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_vector_verifies(string name)
    {
        var v = Vectors.Get(name);
        var result = Verify(v, v.ToRequest());
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(v.Region, result.Region);
        Assert.Equal(v.Service, result.Service);
        Assert.Equal(v.Presigned, result.IsPresigned);
        Assert.Contains("host", result.SignedHeaders);
        Assert.Same(v.Credential.AccessKeyId, result.Credential!.AccessKeyId);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_flipped_signature_byte_fails(string name)
    {
        var v = Vectors.Get(name);
        SignedRequest request;
        if (v.Presigned)
        {
            var query = v.RawQuery;
            var at = query.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
            request = v.ToRequest(rawQuery: query[..at] + Flip(query[at]) + query[(at + 1)..]);
        }
        else
        {
            request = v.ToRequest(headers: h => h.Select(p => p.Key == "Authorization"
                ? new KeyValuePair<string, string>(p.Key, p.Value[..^1] + Flip(p.Value[^1]))
                : p).ToList());
        }

        AssertMismatch(Verify(v, request));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_changed_signed_header_value_fails(string name)
    {
        var v = Vectors.Get(name);
        var request = v.ToRequest(headers: h => h.Select(p => p.Key == "Host"
            ? new KeyValuePair<string, string>(p.Key, "x" + p.Value)
            : p).ToList());
        AssertMismatch(Verify(v, request));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_changed_body_fails_unless_the_payload_is_unsigned(string name)
    {
        var v = Vectors.Get(name);
        var result = Verify(v, v.ToRequest(body: [.. v.Body, (byte)'!']));
        if (v.Name is "unsigned-payload" or "s3-presign-get")
        {
            Assert.True(result.Succeeded, result.Error?.Message);
        }
        else if (v.Name == "s3-put-object")
        {
            Assert.Equal("XAmzContentSHA256Mismatch", result.Error!.Code);
        }
        else
        {
            AssertMismatch(result);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_changed_date_fails(string name)
    {
        var v = Vectors.Get(name);
        var shifted = v.SignedAt.AddSeconds(1).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var request = v.Presigned
            ? v.ToRequest(rawQuery: v.RawQuery.Replace("X-Amz-Date=" + v.Time, "X-Amz-Date=" + shifted, StringComparison.Ordinal))
            : v.ToRequest(headers: h => h.Select(p => p.Key == "X-Amz-Date"
                ? new KeyValuePair<string, string>(p.Key, shifted)
                : p).ToList());
        AssertMismatch(Verify(v, request));
    }

    private static void AssertMismatch(SigV4Result result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal("SignatureDoesNotMatch", result.Error!.Code);
        Assert.Equal(403, result.Error.HttpStatus);
        Assert.StartsWith(SigV4Messages.SignatureMismatch + "\n\nThe Canonical String for this request should have been\n'", result.Error.Message);
    }

    private static char Flip(char c) => c == '0' ? '1' : '0';
}
