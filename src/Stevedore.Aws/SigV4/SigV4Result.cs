namespace Stevedore.Aws.SigV4;

/// <summary>An authentication failure as AWS answers it (Query protocol services: IAM, STS).</summary>
/// <param name="Code">The AWS error code, e.g. <c>SignatureDoesNotMatch</c>.</param>
/// <param name="Message">The AWS error message, verbatim.</param>
/// <param name="HttpStatus">The HTTP status AWS answers with.</param>
public sealed record SigV4Error(string Code, string Message, int HttpStatus)
{
    /// <summary>The canonical request the verifier computed, when it got that far (diagnostics).</summary>
    public string? CanonicalRequest { get; init; }

    /// <summary>The string to sign the verifier computed, when it got that far (diagnostics).</summary>
    public string? StringToSign { get; init; }

    /// <summary>Why authentication failed, for services (S3) that word failures their own way.</summary>
    public AuthFailureKind Kind { get; init; }

    /// <summary>The access key id the request named, when it could be parsed.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The signature the request carried (signature mismatches).</summary>
    public string? SignatureProvided { get; init; }

    /// <summary>When a presigned URL stopped being valid (<see cref="AuthFailureKind.PresignExpired"/>).</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>A SigV4 presigned URL's <c>X-Amz-Expires</c> (<see cref="AuthFailureKind.PresignExpired"/>).</summary>
    public int? ExpiresSeconds { get; init; }

    /// <summary>The request time as sent (<see cref="AuthFailureKind.ClockSkew"/>).</summary>
    public string? RequestTime { get; init; }

    /// <summary>The verifier's clock when it decided.</summary>
    public DateTimeOffset? ServerTime { get; init; }
}

/// <summary>The cause of an authentication failure, independent of how a service words it.</summary>
public enum AuthFailureKind
{
    /// <summary>Malformed or incomplete signature parameters, and anything not listed below.</summary>
    Other,

    /// <summary>The access key id is unknown.</summary>
    UnknownAccessKey,

    /// <summary>The session token is missing, unexpected or wrong.</summary>
    InvalidToken,

    /// <summary>The temporary credentials have expired.</summary>
    ExpiredToken,

    /// <summary>The signature does not match.</summary>
    SignatureMismatch,

    /// <summary>A presigned URL past its expiry.</summary>
    PresignExpired,

    /// <summary>A header-signed request outside the allowed clock skew.</summary>
    ClockSkew,
}

/// <summary>The outcome of <see cref="SigV4Verifier.Verify(SignedRequest, ICredentialLookup, DateTimeOffset)"/>.</summary>
public sealed class SigV4Result
{
    private SigV4Result()
    {
    }

    /// <summary>True when the signature is valid and the credential usable.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The failure, or null on success.</summary>
    public SigV4Error? Error { get; private init; }

    /// <summary>The credential that signed the request (success only).</summary>
    public SigningCredential? Credential { get; private init; }

    /// <summary>The access key id named by the request, when it could be parsed.</summary>
    public string? AccessKeyId { get; private init; }

    /// <summary>Region from the credential scope, when it could be parsed.</summary>
    public string? Region { get; private init; }

    /// <summary>Service from the credential scope, when it could be parsed.</summary>
    public string? Service { get; private init; }

    /// <summary>The signed header names, lower-case, as the request listed them.</summary>
    public IReadOnlyList<string> SignedHeaders { get; private init; } = [];

    /// <summary>True for query-string (presigned URL) authentication.</summary>
    public bool IsPresigned { get; private init; }

    /// <summary>The request time (<c>X-Amz-Date</c> or <c>Date</c>), when it could be parsed.</summary>
    public DateTimeOffset? RequestTime { get; private init; }

    /// <summary>The request's signature (success only): the seed of an <c>aws-chunked</c> body's chunk signatures.</summary>
    public string? Signature { get; private init; }

    /// <summary>The request time as signed (<c>20130524T000000Z</c>; success only).</summary>
    public string? RequestTimeText { get; private init; }

    /// <summary>The credential scope (<c>20130524/us-east-1/s3/aws4_request</c>; success only).</summary>
    public string? CredentialScope { get; private init; }

    internal static SigV4Result Success(
        SigningCredential credential, string region, string service, IReadOnlyList<string> signedHeaders, bool presigned, DateTimeOffset time,
        string signature = "", string timeText = "", string scope = "") =>
        new()
        {
            Signature = signature,
            RequestTimeText = timeText,
            CredentialScope = scope,
            Credential = credential,
            AccessKeyId = credential.AccessKeyId,
            Region = region,
            Service = service,
            SignedHeaders = signedHeaders,
            IsPresigned = presigned,
            RequestTime = time,
        };

    internal static SigV4Result Failure(SigV4Error error, ParsedAuth? auth = null) =>
        new()
        {
            Error = error,
            AccessKeyId = auth?.AccessKeyId,
            Region = auth?.Region,
            Service = auth?.Service,
            SignedHeaders = auth?.SignedHeaders ?? [],
            IsPresigned = auth?.Presigned ?? false,
            RequestTime = auth?.Time,
        };

    internal static SigV4Result Failure(SigV4Error error, string service, string region) =>
        new()
        {
            Error = error,
            AccessKeyId = error.AccessKeyId,
            Region = region,
            Service = service,
        };
}
