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
}
