using System.Security.Cryptography;

namespace Stevedore.Cloud.Iam;

/// <summary>IAM unique ids and access key ids, formed as AWS forms them: a four-letter prefix naming the kind,
/// then upper-case letters and digits 2–7 (base32 alphabet).</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
public sealed class IamIds(Func<int, byte[]>? randomBytes = null)
{
    public const string RolePrefix = "AROA";
    public const string UserPrefix = "AIDA";
    public const string PolicyPrefix = "ANPA";
    public const string AccessKeyPrefix = "AKIA";
    public const string TemporaryAccessKeyPrefix = "ASIA";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly Func<int, byte[]> _randomBytes = randomBytes ?? RandomNumberGenerator.GetBytes;

    /// <summary>A unique id such as <c>AROA</c> followed by 17 characters (21 in all).</summary>
    public string UniqueId(string prefix) => prefix + Random(17);

    /// <summary>An access key id such as <c>AKIA</c> or <c>ASIA</c> followed by 16 characters (20 in all).</summary>
    public string AccessKeyId(string prefix) => prefix + Random(16);

    /// <summary>A 40-character secret access key.</summary>
    public string SecretAccessKey() => Convert.ToBase64String(_randomBytes(30));

    private string Random(int length)
    {
        var bytes = _randomBytes(length);
        return string.Create(length, bytes, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[source[i] & 31];
            }
        });
    }
}
