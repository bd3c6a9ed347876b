namespace Stevedore.Aws.SigV4;

/// <summary>Chooses the signature scheme a request uses: S3's Signature Version 2, else Signature Version 4.</summary>
public static class RequestAuthenticator
{
    /// <summary>Verifies <paramref name="request"/> with whichever scheme signed it.</summary>
    public static SigV4Result Verify(SignedRequest request, ICredentialLookup lookup, DateTimeOffset now) =>
        SigV2Verifier.Applies(request)
            ? SigV2Verifier.Verify(request, lookup, now, SigV4VerifyOptions.Default.MaxClockSkew)
            : SigV4Verifier.Verify(request, lookup, now);
}
