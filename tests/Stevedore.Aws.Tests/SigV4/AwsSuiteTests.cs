using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>
/// Cases from AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015-08-30 edition:
/// https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html). The .creq/.sts/.authz texts are
/// AWS's, as quoted verbatim by the AWS SDK for JavaScript v3's signature-v4 suite.fixture and other
/// independent copies of the suite; credentials AKIDEXAMPLE, region us-east-1, service "service".
/// </summary>
public class AwsSuiteTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string Empty = SignedRequest.EmptySha256;
    private static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string[], string, string, string> Cases => new()
    {
        {
            "get-vanilla", "/", "", ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        },
        {
            "get-header-key-duplicate", "/", "",
            ["Host:example.amazonaws.com", "My-Header1:value2", "My-Header1:value2", "My-Header1:value1"],
            "host;my-header1;x-amz-date",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + Empty,
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"
        },
        {
            "get-header-value-order", "/", "",
            ["Host:example.amazonaws.com", "My-Header1:value4", "My-Header1:value1", "My-Header1:value3", "My-Header1:value2"],
            "host;my-header1;x-amz-date",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + Empty,
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"
        },
        {
            "get-header-value-trim", "/", "",
            ["Host:example.amazonaws.com", "My-Header1: value1", "My-Header2: \"a   b   c\""],
            "host;my-header1;my-header2;x-amz-date",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + Empty,
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        },
        {
            "get-unreserved", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "",
            ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"
        },
        {
            "get-vanilla-query-order-key", "/", "Param1=value2&Param1=Value1", ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"
        },
        {
            "get-vanilla-query-order-key-case", "/", "Param2=value2&Param1=value1", ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        },
        {
            "get-vanilla-query-unreserved", "/",
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
        },
        {
            "get-vanilla-utf8-query", "/", "%E1%88%B4=bar", ["Host:example.amazonaws.com"], "host;x-amz-date",
            "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty,
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Suite_case_canonicalizes_signs_and_verifies(
        string name, string path, string query, string[] headers, string signedHeaders, string canonicalRequest, string signature)
    {
        var pairs = headers.Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            .Append(new("X-Amz-Date", "20150830T123600Z"))
            .ToList();
        var unsigned = new SignedRequest("GET", path, query, pairs, "example.amazonaws.com", () => Empty);

        Assert.Equal(canonicalRequest, SigV4Verifier.CanonicalRequest(unsigned, signedHeaders.Split(';'), false, false, Empty));
        var sts = SigV4Verifier.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonicalRequest);
        Assert.Equal(signature, SigV4Verifier.Sign(Secret, "20150830", "us-east-1", "service", sts));

        var authorization = $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        var signed = unsigned with { Headers = [.. pairs, new("Authorization", authorization)] };
        var result = SigV4Verifier.Verify(signed, new Keys(new SigningCredential("AKIDEXAMPLE", Secret)), SignedAt.AddMinutes(1));
        Assert.True(result.Succeeded, name + ": " + result.Error?.Message);
    }

    [Fact]
    public void Get_vanilla_string_to_sign_is_the_published_one() =>
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4Verifier.StringToSign(
                "20150830T123600Z", "20150830/us-east-1/service/aws4_request",
                "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + Empty));

    [Theory]
    [InlineData("//", "/")]
    [InlineData("//example//", "/example/")]
    [InlineData("/./", "/")]
    [InlineData("/./example", "/example")]
    [InlineData("/example/..", "/")]
    [InlineData("/example1/example2/../..", "/")]
    [InlineData("/example space/", "/example%20space/")]
    [InlineData("/documents%20and%20settings/", "/documents%2520and%2520settings/")]
    public void Non_s3_paths_are_normalized_and_encoded_twice(string raw, string canonical) =>
        // normalize-path group of the suite (get-slash, get-slashes, get-slash-dot-slash, get-slash-pointless-dot,
        // get-relative, get-relative-relative, get-space) and the double-encoding rule of the create-signed-request page.
        Assert.Equal(canonical, SigV4Canonical.CanonicalUri(raw, singleEncode: false));

    [Theory]
    [InlineData("/my%20key/a+b", "/my%20key/a%2Bb")]
    [InlineData("/a//b/../c", "/a//b/../c")]
    [InlineData("/%7Etilde/caf%c3%a9", "/~tilde/caf%C3%A9")]
    public void S3_paths_are_encoded_once_and_not_normalized(string raw, string canonical) =>
        Assert.Equal(canonical, SigV4Canonical.CanonicalUri(raw, singleEncode: true));
}
