using System.Text;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

/// <summary>
/// How SecureString values are encrypted and decrypted: the one seam between Parameter Store and KMS.
/// </summary>
/// <remarks>
/// TODO(kms): KMS (branch <c>kms</c>) is not merged yet. Until it is, values are stored base64-encoded behind a marker
/// and decryption performs NO kms:Decrypt check — this class must be rebuilt on the KMS internal API (encryption under
/// the parameter's key with encryption context <c>{"PARAMETER_ARN": arn}</c>, kms:Encrypt on PutParameter and
/// kms:Decrypt via ssm.REGION.amazonaws.com on reads, the AWS-managed <c>alias/aws/ssm</c> created on first use).
/// </remarks>
public static class SecureStringCipher
{
    /// <summary>The key SecureStrings use when PutParameter names none.</summary>
    public const string DefaultKeyAlias = "alias/aws/ssm";

    private const string PendingMarker = "stevedore-unencrypted:";

    /// <summary>The stored form of a SecureString value.</summary>
    public static string Encrypt(OperationContext context, string keyId, string parameterArn, string plaintext) =>
        PendingMarker + Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));

    /// <summary>The plaintext of a stored SecureString value, for a caller who asked for decryption.</summary>
    public static string Decrypt(OperationContext context, ParameterVersion version, string parameterArn) =>
        version.Value.StartsWith(PendingMarker, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(version.Value[PendingMarker.Length..]))
            : version.Value;
}
