namespace Stevedore.Cloud.Kms;

/// <summary>A KMS key as stored: metadata, key policy, tags and its AES-256 key material.</summary>
/// <param name="Material">The 256-bit key material, base64. Never leaves the store except through encryption.</param>
/// <param name="KeyState">Enabled, Disabled or PendingDeletion.</param>
/// <param name="KeyManager">CUSTOMER or AWS.</param>
public sealed record KmsKey(
    string AccountId,
    string Region,
    string KeyId,
    string Arn,
    DateTimeOffset CreationDate,
    string Description,
    string KeyState,
    string KeyManager,
    string Policy,
    string Material,
    IReadOnlyList<KmsTag> Tags,
    DateTimeOffset? DeletionDate = null,
    int? PendingWindowInDays = null)
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PendingDeletion = "PendingDeletion";

    public bool IsAwsManaged => KeyManager == "AWS";
}

/// <summary>A resource tag on a KMS key.</summary>
public sealed record KmsTag(string TagKey, string TagValue);

/// <summary>An alias (<c>alias/…</c>) naming one key of the same account and region.</summary>
public sealed record KmsAlias(
    string AccountId,
    string Region,
    string AliasName,
    string AliasArn,
    string TargetKeyId,
    DateTimeOffset CreationDate,
    DateTimeOffset LastUpdatedDate);
