using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>Secrets Manager's error codes and texts, in one place.</summary>
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html and each operation's Errors section
public static class SecretsManagerErrors
{
    public static AwsServiceException NotFound() => new("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    public static AwsServiceException StageNotFound(string stage) =>
        new("ResourceNotFoundException", $"Secrets Manager can't find the specified secret value for staging label: {stage}");

    public static AwsServiceException VersionNotFound(string versionId) =>
        new("ResourceNotFoundException", $"Secrets Manager can't find the specified secret value for VersionId: {versionId}");

    public static AwsServiceException Exists(string name) => new("ResourceExistsException", $"The operation failed because the secret {name} already exists.");

    public static AwsServiceException VersionExists() =>
        new("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");

    public static AwsServiceException MarkedForDeletion() =>
        new("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");

    // Seen in the ACK issue aws-controllers-k8s/community#2969.
    public static AwsServiceException ScheduledForDeletion() =>
        new("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");

    // Seen in getmoto/moto#6461 (a real AWS answer quoted there).
    public static AwsServiceException RecoveryWindow() =>
        new("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");

    public static AwsServiceException ForceWithWindow() =>
        new("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");

    public static AwsServiceException BothValues() =>
        new("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");

    public static AwsServiceException NoValue() =>
        new("InvalidParameterException", "You must provide either SecretString or SecretBinary.");

    public static AwsServiceException StageMismatch() =>
        new("InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId.");

    /// <summary>A secret read under a customer key the caller may not use: what AWS answers (re:Post "secrets-manager-cross-account-key").</summary>
    public static AwsServiceException KmsAccess() => new("AccessDeniedException", "Access to KMS is not allowed");

    // https://repost.aws/knowledge-center/secrets-manager-cross-account-key
    public static AwsServiceException DefaultKeyCrossAccount() =>
        new("InvalidRequestException", "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.");

    public static AwsServiceException Encryption() =>
        new("EncryptionFailure", "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.");

    public static AwsServiceException Decryption() =>
        new("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicyDocumentException", message);

    public static AwsServiceException InvalidNextToken() => new("InvalidNextTokenException", "The NextToken value is invalid.");
}
