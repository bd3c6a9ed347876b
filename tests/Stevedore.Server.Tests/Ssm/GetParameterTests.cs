using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

public sealed class GetParameterTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void A_missing_parameter_is_not_found_without_a_message()
    {
        var result = stevedore.Aws("ssm", "get-parameter", "--name", "/nothing/here").FailedWith("ParameterNotFound");

        Assert.Contains("when calling the GetParameter operation: \n", result.Stderr + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_gets_parameters_with_missing_names_in_invalid_parameters()
    {
        stevedore.Aws("ssm", "put-parameter", "--name", "/cli/present", "--value", "here", "--type", "String").Succeeded();

        var result = stevedore.Aws("ssm", "get-parameters", "--names", "/cli/present", "/cli/absent").Succeeded().Json;

        Assert.Equal("here", result["Parameters"]![0]!["Value"]!.GetValue<string>());
        Assert.Equal("/cli/absent", result["InvalidParameters"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Get_parameters_returns_the_found_ones_and_lists_the_missing_ones_without_failing()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/multi/a", Value="A", Type="String")
            ssm.put_parameter(Name="multi-b", Value="B", Type="String")
            r = ssm.get_parameters(Names=["/multi/a", "multi-b", "/multi/missing", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"])
            assert sorted(p["Value"] for p in r["Parameters"]) == ["A", "B"], r
            assert r["InvalidParameters"] == ["/multi/missing", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"], r
            """);
    }

    [Fact]
    public void Parameters_are_found_by_arn_with_and_without_a_leading_slash()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/by/arn", Value="slashed", Type="String")
            ssm.put_parameter(Name="byarn", Value="plain", Type="String")
            a = ssm.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/by/arn")["Parameter"]
            assert a["Value"] == "slashed" and a["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/by/arn", a
            b = ssm.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/byarn")["Parameter"]
            assert b["Value"] == "plain" and b["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/byarn", b
            r = ssm.get_parameters(Names=[f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/by/arn", "arn:aws:ssm:us-east-1:000000000000:parameter/by/none"])
            assert [p["Value"] for p in r["Parameters"]] == ["slashed"] and len(r["InvalidParameters"]) == 1, r
            # Another account's parameter is that account's resource: without sharing, no policy of this account reaches it.
            assert fail(ssm.get_parameter, Name="arn:aws:ssm:us-east-1:111111111111:parameter/by/arn")[0] == "AccessDeniedException"
            """);
    }

    [Fact]
    public void A_version_selector_picks_an_older_version()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/sel/p", Value="one", Type="String")
            ssm.put_parameter(Name="/sel/p", Value="two", Overwrite=True)
            p = ssm.get_parameter(Name="/sel/p:1")["Parameter"]
            assert p["Value"] == "one" and p["Version"] == 1 and p["Selector"] == ":1" and p["Name"] == "/sel/p", p
            code, message = fail(ssm.get_parameter, Name="/sel/p:9")
            assert code == "ParameterVersionNotFound", code
            """);
    }

    [Fact]
    public void A_secure_string_is_returned_encrypted_unless_decryption_is_asked_for()
    {
        SsmScript.Run(stevedore, """
            r = ssm.put_parameter(Name="/sec/pw", Value="hunter2", Type="SecureString")
            plain = ssm.get_parameter(Name="/sec/pw", WithDecryption=True)["Parameter"]
            assert plain["Value"] == "hunter2" and plain["Type"] == "SecureString", plain
            hidden = ssm.get_parameter(Name="/sec/pw")["Parameter"]
            assert hidden["Value"] != "hunter2", hidden
            meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/sec/pw"]}])["Parameters"][0]
            assert meta["KeyId"] == "alias/aws/ssm", meta
            """);
    }

    [Fact]
    public void A_secrets_manager_reference_needs_with_decryption()
    {
        SsmScript.Run(stevedore, """
            code, message = fail(ssm.get_parameter, Name="/aws/reference/secretsmanager/some-secret")
            assert (code, message) == ("ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret."), (code, message)
            """);
    }
}
