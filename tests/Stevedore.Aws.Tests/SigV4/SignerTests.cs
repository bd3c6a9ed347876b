using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>The signer against AWS's test suite and against the verifier's own canonicalization.</summary>
public class SignerTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Get_vanilla_matches_the_aws_suite()
    {
        var headers = SigV4Signer.Sign(
            "GET", "/", "", [], "example.amazonaws.com", [], new("AKIDEXAMPLE", Secret), "us-east-1", "service", At);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            headers.Single(h => h.Key == "Authorization").Value);
    }

    [Theory]
    [InlineData("POST", "/", "", "ecs")]
    [InlineData("GET", "/a/b%20c/./../d", "b=2&a=1&a=0", "iam")]
    [InlineData("PUT", "/bucket/key%2Fwith%20space", "", "s3")]
    public void Signature_matches_the_verifier_canonicalization(string method, string path, string query, string service)
    {
        byte[] body = "{\"a\":1}"u8.ToArray();
        var credentials = new SigV4Signer.Credentials("ASIAEXAMPLE", Secret, "token/with+chars==");
        var signed = SigV4Signer.Sign(
            method, path, query,
            [new("Content-Type", "application/x-amz-json-1.1"), new("X-Multi", "  first   value "), new("x-multi", "second\tvalue")],
            "host.example:4566", body, credentials, "eu-west-1", service, At);

        var request = SignedRequest.FromBody(method, path, query, signed, "host.example:4566", body);
        var result = SigV4Verifier.Verify(
            request, new Keys([new SigningCredential("ASIAEXAMPLE", Secret, "token/with+chars==")]), At.AddMinutes(1));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(
            service == "s3"
                ? ["content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "x-multi"]
                : ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-multi"],
            result.SignedHeaders);
        var canonical = SigV4Verifier.CanonicalRequest(
            request, result.SignedHeaders, presigned: false, singleEncodePath: service == "s3", SignedRequest.Sha256Hex(body));
        Assert.Contains("x-multi:first value,second value\n", canonical, StringComparison.Ordinal);
        var toSign = SigV4Verifier.StringToSign("20150830T123600Z", $"20150830/eu-west-1/{service}/aws4_request", canonical);
        Assert.Equal(SigV4Verifier.Sign(Secret, "20150830", "eu-west-1", service, toSign), result.Signature);
    }
}

/// <summary>The canonical URI's shortcut (a path already canonical is returned as is) agrees with the full steps.</summary>
public class CanonicalUriShortcutTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/a/b/")]
    [InlineData("a")]
    [InlineData("a/")]
    [InlineData("/a//b")]
    [InlineData("/a//")]
    [InlineData("/./a")]
    [InlineData("/a/.")]
    [InlineData("/a/..")]
    [InlineData("..")]
    [InlineData("/...")]
    [InlineData("/a.b/c~d_e-f/")]
    [InlineData("/a b")]
    [InlineData("/a%20b")]
    [InlineData("/é")]
    public void Agrees_with_the_full_canonicalization(string path)
    {
        var twice = new System.Text.StringBuilder();
        SigV4Canonical.AppendEncoded(SigV4Canonical.RemoveDotSegments(path), encodeSlash: false, twice);
        Assert.Equal(twice.ToString(), SigV4Canonical.CanonicalUri(path, singleEncode: false));

        if (path.All(c => SigV4Canonical.IsUnreserved(c) || c == '/'))
        {
            // S3 decodes then encodes once: a path of unreserved characters and '/' is its own canonical form.
            Assert.Same(path, SigV4Canonical.CanonicalUri(path, singleEncode: true));
        }
    }
}
