namespace Stevedore.Cloud.SecretsManager;

/// <summary>A secret as stored: metadata, resource policy, tags and its encrypted versions.</summary>
/// <param name="KmsKeyId">The key reference the caller gave (null: the AWS managed key aws/secretsmanager).</param>
/// <param name="DeletedDate">When DeleteSecret scheduled the deletion; <paramref name="DeletionDate"/> is when it takes effect.</param>
public sealed record Secret(
    string AccountId,
    string Region,
    string Name,
    string Arn,
    string? Description,
    string? KmsKeyId,
    IReadOnlyList<SecretTag> Tags,
    string? ResourcePolicy,
    DateTimeOffset CreatedDate,
    DateTimeOffset LastChangedDate,
    DateTimeOffset? LastAccessedDate,
    DateTimeOffset? DeletedDate,
    DateTimeOffset? DeletionDate,
    IReadOnlyList<SecretVersion> Versions);

/// <summary>A tag on a secret.</summary>
public sealed record SecretTag(string Key, string Value);

/// <summary>
/// One version of a secret's value, sealed with AES-256-GCM under a data key that KMS generated for the caller
/// (encryption context SecretARN and SecretVersionId); the data key is stored encrypted, as a KMS ciphertext blob.
/// </summary>
/// <param name="Fingerprint">SHA-256 of the version id and value, to tell an idempotent retry from a conflicting one.</param>
public sealed record SecretVersion(
    string VersionId,
    IReadOnlyList<string> Stages,
    DateTimeOffset CreatedDate,
    string KmsKeyArn,
    bool AwsManagedKey,
    string EncryptedDataKey,
    string Sealed,
    bool Binary,
    string Fingerprint,
    DateTimeOffset? LastAccessedDate);
