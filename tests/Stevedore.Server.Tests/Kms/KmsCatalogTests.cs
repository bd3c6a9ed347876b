using Stevedore.Cloud.Kms;
using Stevedore.Cloud.SecretsManager;
using Stevedore.Policy.Catalog;

namespace Stevedore.Server.Tests.Kms;

/// <summary>Every action the KMS and Secrets Manager mappings use exists in the IAM action catalog.</summary>
public sealed class KmsCatalogTests
{
    // Actions checked inside handlers, beyond each operation's own: alias operations on the key, KMS via Secrets Manager.
    private static readonly string[] Nested = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:PutKeyPolicy", "secretsmanager:GetSecretValue"];

    [Fact]
    public void Every_mapped_action_is_in_the_catalog()
    {
        var actions = new KmsService().ImplementedOperations.Select(o => $"kms:{o}")
            .Concat(new SecretsManagerService().ImplementedOperations.Select(o => $"secretsmanager:{o}"))
            .Concat(Nested);
        Assert.All(actions, action => Assert.True(ActionCatalog.Default.TryGetAction(action, out _), $"{action} is not in the catalog"));
    }
}
