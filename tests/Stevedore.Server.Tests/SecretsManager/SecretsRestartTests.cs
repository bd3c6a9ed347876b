using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.SecretsManager;

/// <summary>KMS keys, aliases and secrets (and their encrypted values) survive a restart on the same data directory.</summary>
public sealed class SecretsRestartTests
{
    [Fact]
    public async Task Keys_aliases_and_secrets_survive_a_restart()
    {
        var options = new ServerOptions(Port: 0, DataDirectory: Directory.CreateTempSubdirectory("stevedore-kms-restart-").FullName);
        string keyId;
        string blob;
        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            keyId = StevedoreFixture.AwsAt(url, Credentials.Root, "kms", "create-key").Succeeded().Json["KeyMetadata"]!["KeyId"]!.GetValue<string>();
            StevedoreFixture.AwsAt(url, Credentials.Root, "kms", "create-alias", "--alias-name", "alias/survivor", "--target-key-id", keyId).Succeeded();
            blob = StevedoreFixture.AwsAt(url, Credentials.Root, "kms", "encrypt", "--key-id", keyId, "--plaintext", "kept").Succeeded().Json["CiphertextBlob"]!.GetValue<string>();
            StevedoreFixture.AwsAt(url, Credentials.Root, "secretsmanager", "create-secret", "--name", "survivor", "--secret-string", "kept", "--kms-key-id", "alias/survivor").Succeeded();
            StevedoreFixture.AwsAt(url, Credentials.Root, "secretsmanager", "create-secret", "--name", "survivor-default", "--secret-string", "kept too").Succeeded();
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var again = Url(second);
        Assert.Equal(keyId, StevedoreFixture.AwsAt(again, Credentials.Root, "kms", "describe-key", "--key-id", "alias/survivor").Succeeded().Json["KeyMetadata"]!["KeyId"]!.GetValue<string>());
        var plaintext = StevedoreFixture.AwsAt(again, Credentials.Root, "kms", "decrypt", "--ciphertext-blob", $"fileb://{WriteBlob(blob)}").Succeeded().Json["Plaintext"]!.GetValue<string>();
        Assert.Equal("kept", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(plaintext)));
        Assert.Equal("kept", StevedoreFixture.AwsAt(again, Credentials.Root, "secretsmanager", "get-secret-value", "--secret-id", "survivor").Succeeded().Json["SecretString"]!.GetValue<string>());
        Assert.Equal("kept too", StevedoreFixture.AwsAt(again, Credentials.Root, "secretsmanager", "get-secret-value", "--secret-id", "survivor-default").Succeeded().Json["SecretString"]!.GetValue<string>());
    }

    private static string WriteBlob(string base64)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, Convert.FromBase64String(base64));
        return path;
    }

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
