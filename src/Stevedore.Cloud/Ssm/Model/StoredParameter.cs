namespace Stevedore.Cloud.Ssm.Model;

/// <summary>One parameter: its name as first written, its versions (oldest first, at most 100) and its tags.</summary>
public sealed record StoredParameter
{
    public required string Name { get; init; }

    public required List<ParameterVersion> Versions { get; init; }

    public List<ParameterTag> Tags { get; init; } = [];

    /// <summary>The latest version.</summary>
    public ParameterVersion Current => Versions[^1];
}

/// <summary>One version of a parameter as PutParameter wrote it.</summary>
/// <param name="Value">The value; for a SecureString, the stored ciphertext (see <see cref="SecureStringCipher"/>).</param>
public sealed record ParameterVersion(
    long Version,
    string Type,
    string Value,
    string? KeyId,
    string? Description,
    string? AllowedPattern,
    string Tier,
    string DataType,
    DateTimeOffset LastModifiedDate,
    string LastModifiedUser);

public sealed record ParameterTag(string Key, string Value);
