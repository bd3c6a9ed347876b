using System.Security.Cryptography;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Kms;

/// <summary>Why a call to KMS made on a caller's behalf failed, with the error KMS itself would have answered.</summary>
public enum KmsFailureKind
{
    AccessDenied,
    NotFound,
    Disabled,
    PendingDeletion,
    InvalidCiphertext,
}

/// <summary>A failed call to KMS made by another service on a caller's behalf.</summary>
/// <param name="KmsError">What KMS would answer the caller directly (code and text).</param>
public sealed record KmsFailure(KmsFailureKind Kind, AwsServiceException KmsError);

/// <summary>A data key: its plaintext (use, then forget) and its ciphertext under the KMS key.</summary>
public sealed record KmsDataKey(byte[] Plaintext, byte[] Ciphertext, string KeyArn);

/// <summary>
/// KMS as other services use it on a caller's behalf (Secrets Manager, SSM Parameter Store): the service names its
/// endpoint (<c>secretsmanager</c>), the caller's key reference (or none: the service's AWS managed key
/// <c>aws/&lt;service&gt;</c>, created on first use) and the encryption context it sends. Each call is authorized as
/// the caller's own KMS request through the service: key policy plus the caller's IAM policies, with
/// <c>kms:ViaService = &lt;service&gt;.&lt;region&gt;.amazonaws.com</c>, <c>kms:CallerAccount</c>,
/// <c>kms:EncryptionContext:&lt;k&gt;</c> and <c>aws:ViaAWSService</c>. Failures go to the service's
/// <c>translate</c>, which returns the error AWS gives the caller of the outer service.
/// </summary>
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
public static class KmsEnvelope
{
    /// <summary>
    /// The key a service would use: <paramref name="keyReference"/> (id, ARN, alias name or alias ARN), or the
    /// service's AWS managed key when it is null or empty.
    /// </summary>
    public static KmsKey ResolveKey(OperationContext context, string service, string? keyReference, Func<KmsFailure, AwsServiceException> translate)
    {
        if (string.IsNullOrEmpty(keyReference))
        {
            var alias = $"aws/{service}";
            return KmsKeys.EnsureManaged(context, "alias/" + alias, KmsKeyPolicies.Managed[alias]);
        }

        try
        {
            return KmsKeys.Resolve(context, keyReference).Key;
        }
        catch (AwsServiceException error)
        {
            throw translate(new KmsFailure(KmsFailureKind.NotFound, error));
        }
    }

    /// <summary>Whether <paramref name="key"/> is the caller's account's AWS managed key for a service.</summary>
    public static bool IsManaged(KmsKey key) => key.IsAwsManaged;

    /// <summary>kms:Encrypt via the service: returns the ciphertext blob.</summary>
    public static byte[] Encrypt(OperationContext context, string service, KmsKey key, ReadOnlySpan<byte> plaintext,
        IReadOnlyDictionary<string, string> encryptionContext, Func<KmsFailure, AwsServiceException> translate)
    {
        Check(context, service, "kms:Encrypt", key, encryptionContext, translate);
        return KmsCiphertext.Encrypt(key, plaintext, encryptionContext);
    }

    /// <summary>kms:GenerateDataKey (AES_256) via the service.</summary>
    public static KmsDataKey GenerateDataKey(OperationContext context, string service, KmsKey key,
        IReadOnlyDictionary<string, string> encryptionContext, Func<KmsFailure, AwsServiceException> translate)
    {
        Check(context, service, "kms:GenerateDataKey", key, encryptionContext, translate);
        var plaintext = RandomNumberGenerator.GetBytes(32);
        return new KmsDataKey(plaintext, KmsCiphertext.Encrypt(key, plaintext, encryptionContext), key.Arn);
    }

    /// <summary>kms:Decrypt via the service: the key is the one the blob names (possibly another account's).</summary>
    public static byte[] Decrypt(OperationContext context, string service, byte[] ciphertext,
        IReadOnlyDictionary<string, string> encryptionContext, Func<KmsFailure, AwsServiceException> translate)
    {
        var arn = KmsCiphertext.KeyArnOf(ciphertext) ?? throw translate(new KmsFailure(KmsFailureKind.InvalidCiphertext, KmsErrors.InvalidCiphertext()));
        KmsKey key;
        try
        {
            key = KmsKeys.Resolve(context, arn).Key;
        }
        catch (AwsServiceException error)
        {
            throw translate(new KmsFailure(KmsFailureKind.NotFound, error));
        }

        Check(context, service, "kms:Decrypt", key, encryptionContext, translate);
        return KmsCiphertext.Decrypt(key, ciphertext, encryptionContext)
            ?? throw translate(new KmsFailure(KmsFailureKind.InvalidCiphertext, KmsErrors.InvalidCiphertext()));
    }

    /// <summary>The authorization of one call via the service, then the key's state (as KMS checks them).</summary>
    private static void Check(OperationContext context, string service, string action, KmsKey key,
        IReadOnlyDictionary<string, string> encryptionContext, Func<KmsFailure, AwsServiceException> translate)
    {
        var target = KmsKeys.Target(context, action, key, null,
            [new("kms:ViaService", $"{service}.{context.Region}.amazonaws.com"), new("aws:ViaAWSService", "true")], encryptionContext);
        try
        {
            // The call leaves the service, not the caller's VPC: no endpoint service.
            context.Authorize(target);
        }
        catch (AwsServiceException denied)
        {
            throw translate(new KmsFailure(KmsFailureKind.AccessDenied, new AwsServiceException("AccessDeniedException", denied.Message)));
        }

        if (key.KeyState == KmsKey.PendingDeletion)
        {
            throw translate(new KmsFailure(KmsFailureKind.PendingDeletion, KmsErrors.PendingDeletion(key.Arn)));
        }

        if (key.KeyState == KmsKey.Disabled)
        {
            throw translate(new KmsFailure(KmsFailureKind.Disabled, KmsErrors.Disabled(key.Arn)));
        }
    }
}
