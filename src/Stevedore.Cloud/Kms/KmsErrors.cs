using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Kms;

/// <summary>KMS's error codes and texts, in one place.</summary>
public static class KmsErrors
{
    // "Key 'arn:aws:kms:…:key/…' does not exist" (seen in botocore issue #2107).
    public static AwsServiceException KeyNotFound(string keyArn) => new("NotFoundException", $"Key '{keyArn}' does not exist");

    // "Alias arn:aws:kms:…:alias/… is not found." (seen in sigstore/cosign issue #1474).
    public static AwsServiceException AliasNotFound(string aliasArn) => new("NotFoundException", $"Alias {aliasArn} is not found.");

    public static AwsServiceException InvalidKeyId(string keyId) => new("NotFoundException", $"Invalid keyId '{keyId}'");

    // "arn:aws:kms:…:key/… is disabled." (seen in fugue/credstash issue #86).
    public static AwsServiceException Disabled(string keyArn) => new("DisabledException", $"{keyArn} is disabled.");

    // "arn:aws:kms:…:key/… is pending deletion." (seen in segmentio/chamber issue #355).
    public static AwsServiceException PendingDeletion(string keyArn) => new("KMSInvalidStateException", $"{keyArn} is pending deletion.");

    public static AwsServiceException NotPendingDeletion(string keyArn) => new("KMSInvalidStateException", $"{keyArn} is not pending deletion.");

    /// <summary>A ciphertext that is not one of this key's, or whose encryption context differs: KMS says nothing more.</summary>
    public static AwsServiceException InvalidCiphertext() => new("InvalidCiphertextException", "");

    public static AwsServiceException IncorrectKey() =>
        new("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");

    public static AwsServiceException AliasExists(string aliasArn) => new("AlreadyExistsException", $"An alias with the name {aliasArn} already exists");

    // https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html (text seen in aws-controllers-k8s issue #1878).
    public static AwsServiceException AliasPrefix() =>
        new("ValidationException", "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");

    public static AwsServiceException ReservedAlias(string aliasName) =>
        new("NotAuthorizedException", $"{aliasName} is a reserved alias name and cannot be used.");

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicyDocumentException", message);

    public static AwsServiceException Lockout() =>
        new("MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.");

    // A dry run that passed every check: https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html
    // (status 400: the model gives the shape no other; text as LocalStack's AWS-validated provider words it).
    public static AwsServiceException DryRun() =>
        new("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException Unsupported(string message) => new("UnsupportedOperationException", message);
}
