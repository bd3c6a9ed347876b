using System.Globalization;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// AWS's error codes and texts for SigV4 failures, as IAM and STS (Query protocol) answer them.
/// Sources are cited per text; see also
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html.
/// </summary>
public static class SigV4Messages
{
    /// <summary>Error code: no signature at all.</summary>
    public const string MissingAuthenticationTokenCode = "MissingAuthenticationToken";

    /// <summary>Error code: the signature parameters are malformed or incomplete.</summary>
    public const string IncompleteSignatureCode = "IncompleteSignature";

    /// <summary>Error code: unknown access key, or a missing or wrong session token.</summary>
    public const string InvalidClientTokenIdCode = "InvalidClientTokenId";

    /// <summary>Error code: bad signature, clock skew, bad credential scope.</summary>
    public const string SignatureDoesNotMatchCode = "SignatureDoesNotMatch";

    /// <summary>Error code: temporary credentials past their expiration.</summary>
    public const string ExpiredTokenCode = "ExpiredToken";

    /// <summary>Error code: a malformed presigned-URL parameter (X-Amz-Expires).</summary>
    public const string AuthorizationQueryParametersErrorCode = "AuthorizationQueryParametersError";

    /// <summary>Error code: <c>x-amz-content-sha256</c> does not match the body.</summary>
    public const string ContentSha256MismatchCode = "XAmzContentSHA256Mismatch";

    /// <summary>Message for <see cref="MissingAuthenticationTokenCode"/>.</summary>
    public const string MissingAuthenticationToken = "Request is missing Authentication Token";

    /// <summary>Message for <see cref="InvalidClientTokenIdCode"/>.</summary>
    public const string InvalidClientTokenId = "The security token included in the request is invalid.";

    /// <summary>Message for <see cref="ExpiredTokenCode"/> (no final period, as AWS writes it).</summary>
    public const string ExpiredToken = "The security token included in the request is expired";

    /// <summary>First paragraph of every <see cref="SignatureDoesNotMatchCode"/> for a bad signature.</summary>
    public const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    internal const string HostMustBeSigned = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    internal const string AuthHeaderRequiresCredential = "Authorization header requires 'Credential' parameter.";
    internal const string AuthHeaderRequiresSignature = "Authorization header requires 'Signature' parameter.";
    internal const string AuthHeaderRequiresSignedHeaders = "Authorization header requires 'SignedHeaders' parameter.";
    internal const string AuthHeaderRequiresDate = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
    internal const string QueryRequiresCredential = "AWS query-string parameters must include 'X-Amz-Credential'.";
    internal const string QueryRequiresSignature = "AWS query-string parameters must include 'X-Amz-Signature'.";
    internal const string QueryRequiresSignedHeaders = "AWS query-string parameters must include 'X-Amz-SignedHeaders'.";
    internal const string QueryRequiresDate = "AWS query-string parameters must include 'X-Amz-Date'.";
    internal const string ReexamineQuery = "Re-examine the query-string parameters.";
    internal const string ExpiresNotANumber = "X-Amz-Expires should be a number";
    internal const string ExpiresNotPositive = "X-Amz-Expires must be non-negative";
    internal const string ExpiresTooLarge =
        "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds";
    internal const string ContentSha256Mismatch = "The provided 'x-amz-content-sha256' header does not match what was computed.";

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The full <see cref="SignatureDoesNotMatchCode"/> text for Query services: AWS appends the canonical request and
    /// string to sign it expected (layout as returned by STS, e.g. github.com/boto/boto3/issues/756).
    /// </summary>
    public static string SignatureMismatchWithDetails(string canonicalRequest, string stringToSign) =>
        SignatureMismatch + "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest +
        "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n";

    /// <summary>Clock skew, request too old: <c>Signature expired: X is now earlier than Y (NOW - 15 min.)</c>.</summary>
    public static string SignatureExpired(string requestTime, DateTimeOffset now, TimeSpan window) =>
        $"Signature expired: {requestTime} is now earlier than {Iso(now - window)} ({Iso(now)} - {Duration(window)}.)";

    /// <summary>Clock skew, request in the future: <c>Signature not yet current: X is still later than Y (NOW + 15 min.)</c>.</summary>
    public static string SignatureNotYetCurrent(string requestTime, DateTimeOffset now, TimeSpan window) =>
        $"Signature not yet current: {requestTime} is still later than {Iso(now + window)} ({Iso(now)} + {Duration(window)}.)";

    private static string Duration(TimeSpan window)
    {
        var seconds = (long)window.TotalSeconds;
        return seconds % 60 == 0
            ? seconds / 60 + " min"
            : seconds + " sec";
    }
}
