using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>The AWS SDK for .NET (AWSSDK.SimpleSystemsManagement) against Parameter Store.</summary>
public sealed class SsmSdkTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public async Task The_sdk_puts_parameters_and_gets_them_with_missing_names_in_invalid_parameters()
    {
        using var ssm = Client();

        var put = await ssm.PutParameterAsync(new PutParameterRequest { Name = "/sdk/host", Value = "db.local", Type = ParameterType.String });
        await ssm.PutParameterAsync(new PutParameterRequest { Name = "/sdk/password", Value = "hunter2", Type = ParameterType.SecureString });
        var got = await ssm.GetParametersAsync(new GetParametersRequest { Names = ["/sdk/host", "/sdk/password", "/sdk/missing"], WithDecryption = true });

        Assert.Equal(1, put.Version);
        Assert.Equal(ParameterTier.Standard, put.Tier);
        Assert.Equal(["db.local", "hunter2"], got.Parameters.Select(p => p.Value));
        Assert.Equal(ParameterType.SecureString, got.Parameters[1].Type);
        Assert.Equal(["/sdk/missing"], got.InvalidParameters);
        Assert.Equal($"arn:aws:ssm:us-east-1:{SsmScript.Account}:parameter/sdk/host", got.Parameters[0].ARN);
    }

    [Fact]
    public async Task The_sdk_sees_parameter_not_found_and_already_exists()
    {
        using var ssm = Client();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = "/sdk/dup", Value = "v", Type = ParameterType.String });

        await Assert.ThrowsAsync<ParameterNotFoundException>(() => ssm.GetParameterAsync(new GetParameterRequest { Name = "/sdk/nothing" }));
        var exists = await Assert.ThrowsAsync<ParameterAlreadyExistsException>(() =>
            ssm.PutParameterAsync(new PutParameterRequest { Name = "/sdk/dup", Value = "w", Type = ParameterType.String }));
        Assert.StartsWith("The parameter already exists.", exists.Message, StringComparison.Ordinal);
    }

    private AmazonSimpleSystemsManagementClient Client() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSimpleSystemsManagementConfig { ServiceURL = stevedore.EndpointUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}
