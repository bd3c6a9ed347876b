namespace Stevedore.Aws.SigV4;

/// <summary>An access key as the verifier needs it.</summary>
/// <param name="AccessKeyId">The access key id (<c>AKIA…</c> or <c>ASIA…</c>).</param>
/// <param name="SecretAccessKey">The secret used to derive signing keys.</param>
/// <param name="SessionToken">For temporary credentials, the token every request must carry.</param>
/// <param name="Expiration">For temporary credentials, when they stop working.</param>
/// <param name="Principal">Opaque payload for the caller (the principal the key belongs to).</param>
public sealed record SigningCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken = null,
    DateTimeOffset? Expiration = null,
    object? Principal = null);

/// <summary>Finds the credential for an access key id.</summary>
public interface ICredentialLookup
{
    /// <summary>Returns false when the access key id is unknown.</summary>
    bool TryGet(string accessKeyId, out SigningCredential credential);
}
