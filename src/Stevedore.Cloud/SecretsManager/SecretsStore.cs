using System.Text.Json;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>Where Secrets Manager keeps secrets: by name per account and region, with the full ARN as alias.</summary>
public static class SecretsStore
{
    public static readonly ResourceKind Secrets = new("secretsmanager/secret", CaseInsensitiveNames: false);

    public static ResourceKey Key(string account, string region, string name) => new(account, region, Secrets, name);

    public static Secret Read(string json) => ParsedDocuments.Read(json, SecretsJsonContext.Default.Secret);

    public static string Write(Secret secret) => JsonSerializer.Serialize(secret, SecretsJsonContext.Default.Secret);
}
