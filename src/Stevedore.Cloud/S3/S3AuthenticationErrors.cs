using System.Globalization;
using System.Text;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;

namespace Stevedore.Cloud.S3;

/// <summary>S3's own wording of authentication failures (the Query services' codes are mapped here, for S3 only).</summary>
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
internal static class S3AuthenticationErrors
{
    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

    public static AwsServiceException From(SigV4Error error) => error.Kind switch
    {
        AuthFailureKind.UnknownAccessKey => new RestXmlException(
            "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403,
            [new("AWSAccessKeyId", error.AccessKeyId ?? "")]),
        AuthFailureKind.InvalidToken => new RestXmlException("InvalidToken", "The provided token is malformed or otherwise invalid.", 400, []),
        AuthFailureKind.ExpiredToken => new RestXmlException("ExpiredToken", "The provided token has expired.", 400, []),
        AuthFailureKind.SignatureMismatch => new RestXmlException("SignatureDoesNotMatch", SignatureMismatch, 403, MismatchDetails(error)),
        AuthFailureKind.PresignExpired => new RestXmlException("AccessDenied", "Request has expired", 403, ExpiredDetails(error)),
        AuthFailureKind.ClockSkew => new RestXmlException(
            "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403,
            [
                new("RequestTime", error.RequestTime ?? ""),
                new("ServerTime", Iso(error.ServerTime)),
                new("MaxAllowedSkewMilliseconds", "900000"),
            ]),
        _ => new RestXmlException(error.Code, error.Message, error.HttpStatus, []),
    };

    // As S3 answers (SigV4: github.com/minio/minio/issues/2986; SigV2 has no canonical request).
    private static List<KeyValuePair<string, string>> MismatchDetails(SigV4Error error)
    {
        var details = new List<KeyValuePair<string, string>>
        {
            new("AWSAccessKeyId", error.AccessKeyId ?? ""),
            new("StringToSign", error.StringToSign ?? ""),
            new("SignatureProvided", error.SignatureProvided ?? ""),
            new("StringToSignBytes", Bytes(error.StringToSign)),
        };
        if (error.CanonicalRequest is { } canonical)
        {
            details.Add(new("CanonicalRequest", canonical));
            details.Add(new("CanonicalRequestBytes", Bytes(canonical)));
        }

        return details;
    }

    // SigV4 URLs also name X-Amz-Expires; SigV2 URLs only Expires (github.com/aws/aws-sdk-php/issues/1333, aws-sdk-js/issues/3493).
    private static List<KeyValuePair<string, string>> ExpiredDetails(SigV4Error error)
    {
        var details = new List<KeyValuePair<string, string>>();
        if (error.ExpiresSeconds is { } seconds)
        {
            details.Add(new("X-Amz-Expires", seconds.ToString(CultureInfo.InvariantCulture)));
        }

        details.Add(new("Expires", Iso(error.ExpiredAt)));
        details.Add(new("ServerTime", Iso(error.ServerTime)));
        return details;
    }

    private static string Bytes(string? text) =>
        text is null ? "" : string.Join(' ', Encoding.UTF8.GetBytes(text).Select(static b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static string Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
