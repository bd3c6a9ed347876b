using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Kms;

/// <summary>KMS through the AWS SDK for .NET: Encrypt, Decrypt and data keys.</summary>
public sealed class KmsSdkTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private AmazonKeyManagementServiceClient Client() => new(new BasicAWSCredentials("test", "test"),
        new AmazonKeyManagementServiceConfig { ServiceURL = stevedore.EndpointUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task Encrypt_decrypt_and_generate_data_key_round_trip()
    {
        using var kms = Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "sdk" })).KeyMetadata;
        var context = new Dictionary<string, string> { ["purpose"] = "test" };

        var encrypted = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = key.KeyId,
            Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("sdk secret")),
            EncryptionContext = context,
        });
        var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = context });
        Assert.Equal("sdk secret", Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(key.Arn, decrypted.KeyId);

        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 });
        Assert.Equal(32, dataKey.Plaintext.Length);
        var unwrapped = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob });
        Assert.Equal(dataKey.Plaintext.ToArray(), unwrapped.Plaintext.ToArray());

        encrypted.CiphertextBlob.Position = 0;
        await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = new() { ["purpose"] = "other" } }));
    }
}
