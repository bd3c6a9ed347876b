using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Kms;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

/// <summary>
/// How SecureString values are encrypted and decrypted, through KMS on the caller's behalf (<see cref="KmsEnvelope"/>):
/// standard parameters with kms:Encrypt, advanced parameters by envelope encryption under a kms:GenerateDataKey data key;
/// reads with kms:Decrypt. The encryption context is <c>{"PARAMETER_ARN": arn}</c> and every call carries
/// <c>kms:ViaService = ssm.REGION.amazonaws.com</c>. With no KeyId the AWS managed key <c>alias/aws/ssm</c> is used
/// (created on first use; its key policy lets every principal of the account use it through SSM).
/// </summary>
// https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
public static class SecureStringCipher
{
    /// <summary>The key SecureStrings use when PutParameter names none.</summary>
    public const string DefaultKeyAlias = "alias/aws/ssm";

    private const string Service = "ssm";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The stored (and WithDecryption=false) form of a SecureString value: base64 of the ciphertext.</summary>
    public static string Encrypt(OperationContext context, string keyId, string tier, string parameterArn, string plaintext)
    {
        var encryptionContext = ContextFor(parameterArn);
        var key = KmsEnvelope.ResolveKey(context, Service, keyId == DefaultKeyAlias ? null : keyId, f => Translate(f, keyId));
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        if (tier != "Advanced")
        {
            return Convert.ToBase64String(KmsEnvelope.Encrypt(context, Service, key, bytes, encryptionContext, f => Translate(f, keyId)));
        }

        // Advanced parameters: envelope encryption (data key blob length, data key blob, nonce, tag, ciphertext).
        var dataKey = KmsEnvelope.GenerateDataKey(context, Service, key, encryptionContext, f => Translate(f, keyId));
        var sealedValue = new byte[4 + dataKey.Ciphertext.Length + NonceSize + TagSize + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(sealedValue, dataKey.Ciphertext.Length);
        dataKey.Ciphertext.CopyTo(sealedValue, 4);
        var offset = 4 + dataKey.Ciphertext.Length;
        var nonce = sealedValue.AsSpan(offset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(dataKey.Plaintext, TagSize))
        {
            aes.Encrypt(nonce, bytes, sealedValue.AsSpan(offset + NonceSize + TagSize), sealedValue.AsSpan(offset + NonceSize, TagSize), Encoding.UTF8.GetBytes(parameterArn));
        }

        CryptographicOperations.ZeroMemory(dataKey.Plaintext);
        return Convert.ToBase64String(sealedValue);
    }

    /// <summary>The plaintext of a stored SecureString value, for a caller who asked for decryption (needs kms:Decrypt).</summary>
    public static string Decrypt(OperationContext context, ParameterVersion version, string parameterArn)
    {
        var encryptionContext = ContextFor(parameterArn);
        var stored = Convert.FromBase64String(version.Value);
        if (version.Tier != "Advanced")
        {
            return Encoding.UTF8.GetString(KmsEnvelope.Decrypt(context, Service, stored, encryptionContext, f => Translate(f, version.KeyId)));
        }

        var blobLength = BinaryPrimitives.ReadInt32BigEndian(stored);
        var dataKey = KmsEnvelope.Decrypt(context, Service, stored.AsSpan(4, blobLength).ToArray(), encryptionContext, f => Translate(f, version.KeyId));
        var offset = 4 + blobLength;
        var plaintext = new byte[stored.Length - offset - NonceSize - TagSize];
        using (var aes = new AesGcm(dataKey, TagSize))
        {
            aes.Decrypt(stored.AsSpan(offset, NonceSize), stored.AsSpan(offset + NonceSize + TagSize), stored.AsSpan(offset + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(parameterArn));
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return Encoding.UTF8.GetString(plaintext);
    }

    private static Dictionary<string, string> ContextFor(string parameterArn) => new(StringComparer.Ordinal) { ["PARAMETER_ARN"] = parameterArn };

    /// <summary>
    /// Parameter Store passes KMS's answer on as its own error, with the KMS client's suffix
    /// (https://github.com/tryolabs/aws-workshop/issues/6): AccessDeniedException for a denial, InvalidKeyId for a key
    /// that cannot be used.
    /// </summary>
    private static AwsServiceException Translate(KmsFailure failure, string? keyId)
    {
        var suffix = $" (Service: AWSKMS; Status Code: 400; Error Code: {failure.KmsError.Code}; Request ID: {Guid.NewGuid()}; Proxy: null)";
        return failure.Kind switch
        {
            KmsFailureKind.AccessDenied => new AwsServiceException("AccessDeniedException", failure.KmsError.Message + suffix),
            KmsFailureKind.NotFound => new AwsServiceException("InvalidKeyId", $"Invalid keyId {keyId}"),
            _ => new AwsServiceException("InvalidKeyId", failure.KmsError.Message + suffix),
        };
    }
}
