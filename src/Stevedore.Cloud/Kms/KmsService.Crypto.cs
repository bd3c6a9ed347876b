using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Kms;

/// <summary>Encrypt, Decrypt and data keys: AES-256-GCM under the key's material, the encryption context as AAD.</summary>
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html and API_Decrypt, API_GenerateDataKey
public sealed partial class KmsService
{
    private const string Algorithm = "SYMMETRIC_DEFAULT";

    partial void RegisterCrypto()
    {
        Register("Encrypt", CryptoTarget, Encrypt);
        Register("GenerateDataKey", CryptoTarget, c => GenerateDataKey(c, withPlaintext: true));
        Register("GenerateDataKeyWithoutPlaintext", CryptoTarget, c => GenerateDataKey(c, withPlaintext: false));
        Register("Decrypt", DecryptTarget, Decrypt);
    }

    private AuthorizationTarget CryptoTarget(OperationContext context) =>
        KeyTarget(context).WithEncryptionContext(KmsKeys.EncryptionContext(context.Input["EncryptionContext"]));

    /// <summary>Decrypt is authorized on the key the ciphertext names; a KeyId, when given, must be that key.</summary>
    private AuthorizationTarget DecryptTarget(OperationContext context)
    {
        var (key, alias) = DecryptionKey(context);
        return KmsKeys.Target(context, Action(context), key, alias).WithEncryptionContext(KmsKeys.EncryptionContext(context.Input["EncryptionContext"]));
    }

    private static (KmsKey Key, string? Alias) DecryptionKey(OperationContext context)
    {
        var blob = Ciphertext(context);
        var arn = KmsCiphertext.KeyArnOf(blob) ?? throw KmsErrors.InvalidCiphertext();
        var key = KmsKeys.Resolve(context, arn).Key;
        if (context.String("KeyId") is { } requested)
        {
            var named = KmsKeys.Resolve(context, requested);
            if (named.Key.Arn != key.Arn)
            {
                throw KmsErrors.IncorrectKey();
            }

            return (key, named.RequestAlias);
        }

        return (key, null);
    }

    /// <summary>
    /// The model leaves CiphertextBlob optional (for dry runs), but without it there is no key to authorize against:
    /// a request without it, dry run or not, is refused as a missing required member is.
    /// </summary>
    private static byte[] Ciphertext(OperationContext context) =>
        context.Input["CiphertextBlob"]?.GetValue<byte[]>()
        ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");

    private static JsonObject Encrypt(OperationContext context)
    {
        var key = LoadKey(context);
        KmsKeys.EnsureUsable(key);
        var plaintext = context.Input["Plaintext"]!.GetValue<byte[]>();
        StopIfDryRun(context);
        return new JsonObject
        {
            ["CiphertextBlob"] = BlobValue.Create(KmsCiphertext.Encrypt(key, plaintext, KmsKeys.EncryptionContext(context.Input["EncryptionContext"]))),
            ["KeyId"] = key.Arn,
            ["EncryptionAlgorithm"] = Algorithm,
        };
    }

    private static JsonObject Decrypt(OperationContext context)
    {
        var (key, _) = DecryptionKey(context);
        KmsKeys.EnsureUsable(key);
        var blob = Ciphertext(context);
        var plaintext = KmsCiphertext.Decrypt(key, blob, KmsKeys.EncryptionContext(context.Input["EncryptionContext"])) ?? throw KmsErrors.InvalidCiphertext();
        StopIfDryRun(context);
        return new JsonObject { ["KeyId"] = key.Arn, ["Plaintext"] = BlobValue.Create(plaintext), ["EncryptionAlgorithm"] = Algorithm };
    }

    private static JsonObject GenerateDataKey(OperationContext context, bool withPlaintext)
    {
        var bytes = context.Int("NumberOfBytes");
        var spec = context.String("KeySpec");
        if ((bytes is null) == (spec is null))
        {
            throw KmsErrors.Validation("Please specify either number of bytes or key spec.");
        }

        var key = LoadKey(context);
        KmsKeys.EnsureUsable(key);
        StopIfDryRun(context);
        var plaintext = RandomNumberGenerator.GetBytes(bytes ?? (spec == "AES_128" ? 16 : 32));
        var output = new JsonObject
        {
            ["CiphertextBlob"] = BlobValue.Create(KmsCiphertext.Encrypt(key, plaintext, KmsKeys.EncryptionContext(context.Input["EncryptionContext"]))),
            ["KeyId"] = key.Arn,
        };
        if (withPlaintext)
        {
            output["Plaintext"] = BlobValue.Create(plaintext);
        }

        return output;
    }

    /// <summary>
    /// <c>DryRun</c>: once the request is authorized and every check passed (the key usable, a ciphertext that decrypts),
    /// KMS answers <c>DryRunOperationException</c> instead of the result.
    /// </summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html
    private static void StopIfDryRun(OperationContext context)
    {
        if (context.Bool("DryRun") == true)
        {
            throw KmsErrors.DryRun();
        }
    }
}
