using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>Each AWS error code and text the verifier answers with.</summary>
public class ErrorTests
{
    private static readonly Vector Sts = Vectors.Get("sts-get-caller-identity");
    private static readonly Vector Temp = Vectors.Get("sts-session-token");
    private static readonly Vector Presign = Vectors.Get("presign-sts-get-caller-identity");

    private static SigV4Result Verify(SignedRequest request, DateTimeOffset now, params SigningCredential[] keys) =>
        SigV4Verifier.Verify(request, new Keys(keys), now);

    private static SignedRequest WithHeader(Vector v, string name, string? value) =>
        v.ToRequest(headers: h =>
        {
            var rest = h.Where(p => !string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (value is not null)
            {
                rest.Add(new(name, value));
            }

            return rest;
        });

    private static void AssertError(SigV4Result result, string code, string message, int status)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(message, result.Error.Message);
        Assert.Equal(status, result.Error.HttpStatus);
    }

    [Fact]
    public void No_signature_is_missing_authentication_token() =>
        AssertError(
            Verify(WithHeader(Sts, "Authorization", null), Sts.SignedAt, Sts.Credential),
            "MissingAuthenticationToken", "Request is missing Authentication Token", 403);

    [Fact]
    public void Authorization_without_parameters_lists_every_missing_one_and_echoes_the_header()
    {
        var request = WithHeader(Sts, "X-Amz-Date", null);
        request = request with { Headers = [.. request.Headers.Where(h => h.Key != "Authorization"), new("Authorization", "Bearer abc")] };
        AssertError(
            Verify(request, Sts.SignedAt, Sts.Credential),
            "IncompleteSignature",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
            "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
            "'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc",
            400);
    }

    [Fact]
    public void Authorization_missing_credential_only()
    {
        const string header = "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abcd";
        AssertError(
            Verify(WithHeader(Sts, "Authorization", header), Sts.SignedAt, Sts.Credential),
            "IncompleteSignature", "Authorization header requires 'Credential' parameter. Authorization=" + header, 400);
    }

    [Fact]
    public void Authorization_pair_without_equal_sign()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKID/20240517/us-east-1/sts/aws4_request, SignedHeadershost";
        AssertError(
            Verify(WithHeader(Sts, "Authorization", header), Sts.SignedAt, Sts.Credential),
            "IncompleteSignature",
            "'SignedHeadershost' not a valid key=value pair (missing equal-sign) in Authorization header: '" + header + "'",
            400);
    }

    [Fact]
    public void Unsupported_algorithm() =>
        AssertError(
            Verify(WithHeader(Sts, "Authorization", "AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00"), Sts.SignedAt),
            "IncompleteSignature", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.", 400);

    [Fact]
    public void Credential_with_wrong_number_of_parts() =>
        AssertError(
            Verify(WithHeader(Sts, "Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240517/us-east-1, SignedHeaders=host;x-amz-date, Signature=00"), Sts.SignedAt),
            "IncompleteSignature",
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240517/us-east-1'",
            400);

    [Fact]
    public void Malformed_date() =>
        AssertError(
            Verify(WithHeader(Sts, "X-Amz-Date", "2024-05-17T09:41:07Z"), Sts.SignedAt, Sts.Credential),
            "IncompleteSignature",
            "Date must be in ISO-8601 'basic format'. Got '2024-05-17T09:41:07Z'. See http://en.wikipedia.org/wiki/ISO_8601",
            400);

    [Fact]
    public void Unknown_access_key_is_invalid_client_token_id() =>
        AssertError(
            Verify(Sts.ToRequest(), Sts.SignedAt, new SigningCredential("AKIAOTHER", "x")),
            "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    [Fact]
    public void Temporary_key_without_its_token_is_invalid_client_token_id() =>
        AssertError(
            Verify(WithHeader(Temp, "X-Amz-Security-Token", null), Temp.SignedAt, Temp.Credential),
            "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    [Fact]
    public void Forged_token_is_invalid_client_token_id() =>
        AssertError(
            Verify(WithHeader(Temp, "X-Amz-Security-Token", Temp.SessionToken + "x"), Temp.SignedAt, Temp.Credential),
            "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    [Fact]
    public void Token_sent_with_a_permanent_key_is_invalid_client_token_id() =>
        AssertError(
            Verify(Temp.ToRequest(), Temp.SignedAt, Temp.Credential with { SessionToken = null }),
            "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    [Fact]
    public void Expired_temporary_credentials_are_expired_token() =>
        AssertError(
            Verify(Temp.ToRequest(), Temp.SignedAt.AddMinutes(1), Temp.Credential with { Expiration = Temp.SignedAt }),
            "ExpiredToken", "The security token included in the request is expired", 400);

    [Fact]
    public void Temporary_credentials_before_expiry_verify() =>
        Assert.True(Verify(Temp.ToRequest(), Temp.SignedAt, Temp.Credential with { Expiration = Temp.SignedAt.AddHours(1) }).Succeeded);

    [Fact]
    public void Request_older_than_fifteen_minutes_is_signature_expired() =>
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html — 15-minute window.
        AssertError(
            Verify(Sts.ToRequest(), new DateTimeOffset(2024, 5, 17, 9, 56, 8, 500, TimeSpan.Zero), Sts.Credential),
            "SignatureDoesNotMatch",
            "Signature expired: 20240517T094107Z is now earlier than 20240517T094108Z (20240517T095608Z - 15 min.)",
            403);

    [Fact]
    public void Request_exactly_fifteen_minutes_old_still_verifies() =>
        Assert.True(Verify(Sts.ToRequest(), Sts.SignedAt.AddMinutes(15), Sts.Credential).Succeeded);

    [Fact]
    public void Request_more_than_fifteen_minutes_ahead_is_not_yet_current() =>
        AssertError(
            Verify(Sts.ToRequest(), new DateTimeOffset(2024, 5, 17, 9, 26, 6, TimeSpan.Zero), Sts.Credential),
            "SignatureDoesNotMatch",
            "Signature not yet current: 20240517T094107Z is still later than 20240517T094106Z (20240517T092606Z + 15 min.)",
            403);

    [Fact]
    public void Bad_signature_shows_the_canonical_request_and_string_to_sign()
    {
        var v = Sts;
        var wrong = new SigningCredential(v.AccessKeyId, "not-the-secret");
        var result = Verify(v.ToRequest(), v.SignedAt, wrong);
        var body = SignedRequest.Sha256Hex(v.Body);
        var canonical = "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sts.amazonaws.com\n" +
                        "x-amz-date:20240517T094107Z\n\ncontent-type;host;x-amz-date\n" + body;
        var sts = SigV4Verifier.StringToSign("20240517T094107Z", "20240517/us-east-1/sts/aws4_request", canonical);
        AssertError(
            result,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n" +
            "The Canonical String for this request should have been\n'" + canonical + "'\n\n" +
            "The String-to-Sign should have been\n'" + sts + "'\n",
            403);
        Assert.Equal(canonical, result.Error!.CanonicalRequest);
        Assert.Equal(sts, result.Error.StringToSign);
    }

    [Fact]
    public void Host_must_be_signed()
    {
        var header = Sts.Headers.Single(h => h[0] == "Authorization")[1].Replace("content-type;host;x-amz-date", "content-type;x-amz-date", StringComparison.Ordinal);
        AssertError(
            Verify(WithHeader(Sts, "Authorization", header), Sts.SignedAt, Sts.Credential),
            "SignatureDoesNotMatch", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 403);
    }

    [Fact]
    public void Scope_date_must_match_the_request_date()
    {
        var header = Sts.Headers.Single(h => h[0] == "Authorization")[1].Replace("/20240517/", "/20240516/", StringComparison.Ordinal);
        AssertError(
            Verify(WithHeader(Sts, "Authorization", header), Sts.SignedAt, Sts.Credential),
            "SignatureDoesNotMatch",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240516' != '20240517', from '20240517T094107Z'.",
            403);
    }

    [Fact]
    public void Presigned_url_verifies_until_it_expires()
    {
        Assert.True(Verify(Presign.ToRequest(), Presign.SignedAt.AddSeconds(900), Presign.Credential).Succeeded);
        AssertError(
            Verify(Presign.ToRequest(), Presign.SignedAt.AddSeconds(901), Presign.Credential),
            "SignatureDoesNotMatch",
            "Signature expired: 20240517T094107Z is now earlier than 20240517T094108Z (20240517T095608Z - 15 min.)",
            403);
    }

    [Fact]
    public void Presigned_url_dated_in_the_future_is_not_yet_current() =>
        Assert.StartsWith(
            "Signature not yet current: 20240517T094107Z is still later than",
            Verify(Presign.ToRequest(), Presign.SignedAt.AddMinutes(-16), Presign.Credential).Error!.Message);

    [Theory]
    [InlineData("604801", "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds")]
    [InlineData("0", "AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative")]
    [InlineData("soon", "AuthorizationQueryParametersError", "X-Amz-Expires should be a number")]
    public void Presigned_expires_out_of_range(string expires, string code, string message) =>
        AssertError(
            Verify(Presign.ToRequest(rawQuery: Presign.RawQuery.Replace("X-Amz-Expires=900", "X-Amz-Expires=" + expires, StringComparison.Ordinal)), Presign.SignedAt, Presign.Credential),
            code, message, 400);

    [Fact]
    public void Presigned_url_missing_parameters() =>
        AssertError(
            Verify(Presign.ToRequest(rawQuery: "Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"), Presign.SignedAt),
            "IncompleteSignature",
            "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
            "Re-examine the query-string parameters.",
            400);

    [Fact]
    public void Presigned_with_session_token_in_query_verifies_and_rejects_a_forged_one()
    {
        var v = Vectors.Get("presign-sts-session-token");
        Assert.True(Verify(v.ToRequest(), v.SignedAt, v.Credential).Succeeded);
        Assert.Equal("InvalidClientTokenId", Verify(v.ToRequest(), v.SignedAt, v.Credential with { SessionToken = "other" }).Error!.Code);
    }

    [Fact]
    public void Signing_keys_are_derived_as_aws_documents() =>
        // kSigning for the suite's secret and scope (also exercises the cache twice).
        Assert.Equal(
            SigningKeyCache.Derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam"),
            new SigningKeyCache(capacity: 1).Get("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam"));
}
