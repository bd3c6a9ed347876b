using Amazon.Runtime;
using Amazon.SecurityToken;
using Stevedore.Server.Tests.Infrastructure;
using GetCallerIdentityRequest = Amazon.SecurityToken.Model.GetCallerIdentityRequest;

namespace Stevedore.Server.Tests.Sts;

public sealed class GetCallerIdentityTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_default_account_root_is_who_the_cli_calls_as()
    {
        var identity = stevedore.Aws("sts", "get-caller-identity").Succeeded().Json;

        Assert.Equal("000000000000", identity["Account"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::000000000000:root", identity["Arn"]!.GetValue<string>());
        Assert.Equal("000000000000", identity["UserId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_ids_are_distinct_version_4_uuids_in_lower_case()
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("test", "test"),
            new AmazonSecurityTokenServiceConfig { ServiceURL = stevedore.EndpointUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).ResponseMetadata.RequestId);
        }

        Assert.Equal(3, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
            Assert.Equal(id, Guid.Parse(id).ToString());
        }
    }

    [Fact]
    public void A_configured_second_account_answers_with_its_own_root()
    {
        var identity = stevedore.Aws(Credentials.OtherRoot, "sts", "get-caller-identity").Succeeded().Json;

        Assert.Equal(StevedoreFixture.OtherAccount, identity["Account"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_AWS_SDK_for_dotnet_gets_the_caller_identity()
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("test", "test"),
            new AmazonSecurityTokenServiceConfig { ServiceURL = stevedore.EndpointUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:iam::000000000000:root", identity.Arn);
    }

    [Fact]
    public void A_wrong_secret_is_a_signature_mismatch_showing_the_expected_canonical_request()
    {
        var result = stevedore.Aws(new Credentials("test", "not-the-secret"), "sts", "get-caller-identity").FailedWith("SignatureDoesNotMatch");

        Assert.Contains("The Canonical String for this request should have been", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_access_key_is_an_invalid_client_token()
    {
        stevedore.Aws(new Credentials("AKIANOSUCHKEY0000000", "x"), "sts", "get-caller-identity").FailedWith("InvalidClientTokenId");
    }

    [Fact]
    public async Task An_unsigned_request_is_missing_its_authentication_token()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(stevedore.Endpoint, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_endpoint_lists_the_services()
    {
        using var http = new HttpClient();
        var health = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(stevedore.Endpoint, "/_stevedore/health")))!;

        Assert.Equal("running", health["status"]!.GetValue<string>());
        Assert.Contains("sts", health["services"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public void Each_request_is_logged_on_one_line()
    {
        stevedore.Aws("sts", "get-caller-identity").Succeeded();

        Assert.Contains("sts GetCallerIdentity arn:aws:iam::000000000000:root 200 Allow", stevedore.Log, StringComparison.Ordinal);
    }
}
