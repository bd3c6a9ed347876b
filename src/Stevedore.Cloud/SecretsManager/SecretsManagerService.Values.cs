using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Kms;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>
/// Secret values: envelope encryption as Secrets Manager does it — a data key from KMS per version (GenerateDataKey
/// with encryption context SecretARN and SecretVersionId, on the caller's behalf), the value sealed with it, and
/// kms:Decrypt of the data key on every read.
/// </summary>
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
public sealed partial class SecretsManagerService
{
    private const string Current = "AWSCURRENT";
    private const string Previous = "AWSPREVIOUS";
    private const string Service = "secretsmanager";
    private const int MaxVersions = 100;

    partial void RegisterValues()
    {
        Register("GetSecretValue", SecretTarget, GetSecretValue);
        Register("PutSecretValue", SecretTarget, PutSecretValue);
        Register("ListSecretVersionIds", SecretTarget, ListSecretVersionIds);
        Register("BatchGetSecretValue", c => new AuthorizationTarget(Action(c), "*"), BatchGetSecretValue);
    }

    private static Dictionary<string, string> EncryptionContext(string arn, string versionId) =>
        new(StringComparer.Ordinal) { ["SecretARN"] = arn, ["SecretVersionId"] = versionId };

    private static AwsServiceException OnEncrypt(KmsFailure failure) =>
        failure.Kind == KmsFailureKind.AccessDenied ? SecretsManagerErrors.KmsAccess() : SecretsManagerErrors.Encryption();

    private static AwsServiceException OnDecrypt(KmsFailure failure) =>
        failure.Kind == KmsFailureKind.AccessDenied ? SecretsManagerErrors.KmsAccess() : SecretsManagerErrors.Decryption();

    /// <summary>Encrypts a new version under the secret's key (a fresh data key from KMS, authorized for the caller).</summary>
    private static SecretVersion Seal(OperationContext context, Secret secret, string versionId, SecretValue value, IReadOnlyList<string> stages)
    {
        var key = KmsEnvelope.ResolveKey(context, Service, secret.KmsKeyId, OnEncrypt);
        var dataKey = KmsEnvelope.GenerateDataKey(context, Service, key, EncryptionContext(secret.Arn, versionId), OnEncrypt);
        var sealedValue = new byte[12 + 16 + value.Bytes.Length];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, 12));
        using (var aes = new AesGcm(dataKey.Plaintext, 16))
        {
            aes.Encrypt(sealedValue.AsSpan(0, 12), value.Bytes, sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), Aad(secret.Arn, versionId));
        }

        CryptographicOperations.ZeroMemory(dataKey.Plaintext);
        return new SecretVersion(versionId, stages, context.Now, key.Arn, key.IsAwsManaged, Convert.ToBase64String(dataKey.Ciphertext),
            Convert.ToBase64String(sealedValue), value.Binary, Fingerprint(versionId, value), null);
    }

    /// <summary>Decrypts a version for the caller: kms:Decrypt of its data key via Secrets Manager.</summary>
    private static byte[] Open(OperationContext context, Secret secret, SecretVersion version)
    {
        if (version.AwsManagedKey && secret.AccountId != context.AccountId)
        {
            throw SecretsManagerErrors.DefaultKeyCrossAccount();
        }

        var dataKey = KmsEnvelope.Decrypt(context, Service, Convert.FromBase64String(version.EncryptedDataKey),
            EncryptionContext(secret.Arn, version.VersionId), OnDecrypt);
        var sealedValue = Convert.FromBase64String(version.Sealed);
        var plaintext = new byte[sealedValue.Length - 28];
        DataKeyCipher(dataKey).Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext, Aad(secret.Arn, version.VersionId));
        CryptographicOperations.ZeroMemory(dataKey);
        return plaintext;
    }

    /// <summary>
    /// The cipher for a version's data key, kept per thread for the last key it served: reading one secret again and again
    /// (a service's tasks starting) decrypts the same data key each time, and a new AesGcm is a new native context.
    /// </summary>
    private static AesGcm DataKeyCipher(byte[] dataKey)
    {
        if (lastDataKey is { } last && CryptographicOperations.FixedTimeEquals(last.Key, dataKey))
        {
            return last.Aes;
        }

        if (lastDataKey is { } stale)
        {
            stale.Aes.Dispose();
            CryptographicOperations.ZeroMemory(stale.Key);
            lastDataKey = null;
        }

        var aes = new AesGcm(dataKey, 16);
        lastDataKey = ([.. dataKey], aes);
        return aes;
    }

    [ThreadStatic]
    private static (byte[] Key, AesGcm Aes)? lastDataKey;

    private static byte[] Aad(string arn, string versionId) => Encoding.UTF8.GetBytes(arn + "\n" + versionId);

    private static string Fingerprint(string versionId, SecretValue value) =>
        Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes(versionId + (value.Binary ? "\nb\n" : "\ns\n")), .. value.Bytes]));

    /// <summary>
    /// Adds a version: its labels leave the versions that had them; the version losing AWSCURRENT gets AWSPREVIOUS.
    /// Versions left without labels beyond the quota are dropped.
    /// </summary>
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version
    private static Secret WithVersion(Secret secret, SecretVersion added)
    {
        var movesCurrent = added.Stages.Contains(Current);
        var versions = secret.Versions.Select(v =>
        {
            var stages = v.Stages.Where(s => !added.Stages.Contains(s) && !(movesCurrent && s == Previous)).ToList();
            if (movesCurrent && v.Stages.Contains(Current))
            {
                stages.Add(Previous);
            }

            return v with { Stages = stages };
        }).Append(added).ToList();
        while (versions.Count > MaxVersions && versions.FindIndex(v => v.Stages.Count == 0) is var unlabeled and >= 0)
        {
            versions.RemoveAt(unlabeled);
        }

        return secret with { Versions = versions, LastChangedDate = added.CreatedDate };
    }

    /// <summary>The version a read asks for: by VersionId, VersionStage, or AWSCURRENT.</summary>
    private static SecretVersion Select(Secret secret, string? versionId, string? stage)
    {
        if (versionId is not null)
        {
            var version = secret.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw SecretsManagerErrors.VersionNotFound(versionId);
            return stage is null || version.Stages.Contains(stage) ? version : throw SecretsManagerErrors.StageMismatch();
        }

        stage ??= Current;
        return secret.Versions.FirstOrDefault(v => v.Stages.Contains(stage)) ?? throw SecretsManagerErrors.StageNotFound(stage);
    }

    private static JsonObject GetSecretValue(OperationContext context)
    {
        var secret = LoadActive(context);
        var version = Select(secret, context.String("VersionId"), context.String("VersionStage"));
        var value = Read(context, secret, version);
        Touch(context, secret);
        return value;
    }

    private static JsonObject Read(OperationContext context, Secret secret, SecretVersion version)
    {
        var plaintext = Open(context, secret, version);
        var output = NameAndArn(secret);
        output["VersionId"] = version.VersionId;
        if (version.Binary)
        {
            output["SecretBinary"] = BlobValue.Create(plaintext);
        }
        else
        {
            output["SecretString"] = Encoding.UTF8.GetString(plaintext);
        }

        output["VersionStages"] = new JsonArray([.. version.Stages.Select(s => (JsonNode)JsonValue.Create(s))]);
        output["CreatedDate"] = version.CreatedDate;
        return output;
    }

    /// <summary>LastAccessedDate is a date (midnight UTC): written only when the day changes.</summary>
    private static void Touch(OperationContext context, Secret secret)
    {
        var today = new DateTimeOffset(context.Now.UtcDateTime.Date, TimeSpan.Zero);
        if (secret.LastAccessedDate != today)
        {
            Change(context, secret, s => s with { LastAccessedDate = today });
        }
    }

    private static JsonObject PutSecretValue(OperationContext context)
    {
        var secret = LoadActive(context);
        var value = SecretValue.From(context) ?? throw SecretsManagerErrors.NoValue();
        var versionId = context.String("ClientRequestToken") ?? Guid.NewGuid().ToString();
        var stages = (context.Input["VersionStages"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToList() ?? [Current];
        if (secret.Versions.FirstOrDefault(v => v.VersionId == versionId) is { } existing)
        {
            // A retry with the same token and value is idempotent; another value under that token is a conflict.
            if (existing.Fingerprint != Fingerprint(versionId, value))
            {
                throw SecretsManagerErrors.VersionExists();
            }

            return Put(secret, existing);
        }

        var version = Seal(context, secret, versionId, value, stages);
        var changed = Change(context, secret, s => WithVersion(s, version));
        return Put(changed, changed.Versions.First(v => v.VersionId == versionId));

        static JsonObject Put(Secret secret, SecretVersion version)
        {
            var output = NameAndArn(secret);
            output["VersionId"] = version.VersionId;
            output["VersionStages"] = new JsonArray([.. version.Stages.Select(s => (JsonNode)JsonValue.Create(s))]);
            return output;
        }
    }

    private static JsonObject ListSecretVersionIds(OperationContext context)
    {
        var secret = Load(context);
        var includeDeprecated = context.Bool("IncludeDeprecated") == true;
        var versions = new JsonArray();
        foreach (var version in secret.Versions.Where(v => includeDeprecated || v.Stages.Count > 0))
        {
            versions.Add((JsonNode)(new JsonObject
            {
                ["VersionId"] = version.VersionId,
                ["VersionStages"] = new JsonArray([.. version.Stages.Select(s => (JsonNode)JsonValue.Create(s))]),
                ["CreatedDate"] = version.CreatedDate,
                ["KmsKeyIds"] = new JsonArray(secret.KmsKeyId ?? "DefaultEncryptionKey"),
            }));
        }

        var output = NameAndArn(secret);
        output["Versions"] = versions;
        return output;
    }

    /// <summary>Each secret of the list is authorized as its own GetSecretValue; failures are reported per secret.</summary>
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
    private JsonObject BatchGetSecretValue(OperationContext context)
    {
        var ids = (context.Input["SecretIdList"] as JsonArray ?? []).Select(i => i!.GetValue<string>()).ToList();
        if (ids.Count == 0)
        {
            throw new AwsServiceException("InvalidParameterException", "Stevedore supports BatchGetSecretValue with SecretIdList only.");
        }

        var values = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids)
        {
            try
            {
                var found = Find(context, id);
                context.Authorize(SecretTarget(context, "secretsmanager:GetSecretValue", found));
                var secret = found.Secret ?? throw SecretsManagerErrors.NotFound();
                if (secret.DeletedDate is not null)
                {
                    throw SecretsManagerErrors.MarkedForDeletion();
                }

                values.Add((JsonNode)(Read(context, secret, Select(secret, null, null))));
            }
            catch (AwsServiceException error)
            {
                errors.Add((JsonNode)(new JsonObject { ["SecretId"] = id, ["ErrorCode"] = error.Code, ["Message"] = error.Message }));
            }
        }

        return new JsonObject { ["SecretValues"] = values, ["Errors"] = errors };
    }
}
