namespace Stevedore.Policy.Tests.Cli;

public sealed class PolicyValidateCommandTests : IDisposable
{
    private const string ExecutionRolePolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                       "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*"
          }]
        }
        """;

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_valid_policy_prints_valid_and_exits_0()
    {
        var result = CliHarness.Run("policy", "validate", _cli.File("exec.json", ExecutionRolePolicy));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("valid\n", result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void An_invalid_policy_prints_IAMs_error_with_its_path_and_exits_1()
    {
        var file = _cli.File("bad.json", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
              {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
              {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualz":{"aws:SourceVpce":"vpce-1"}}}]}
            """);

        var result = CliHarness.Run("policy", "validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("MalformedPolicyDocument: Syntax errors in policy. (at Statement[2].Condition.StringEqualz)\n", result.Out);
    }

    [Fact]
    public void The_type_selects_the_grammar()
    {
        // A trust policy may not have a Resource; the same document is a fine identity policy.
        var file = _cli.File("exec.json", ExecutionRolePolicy);

        var asTrust = CliHarness.Run("policy", "validate", file, "--type", "trust");

        Assert.Equal(1, asTrust.ExitCode);
        Assert.Equal("MalformedPolicyDocument: Has prohibited field Resource (at Statement[0].Resource)\n", asTrust.Out);
    }

    [Fact]
    public void Managed_requires_version_2012_10_17()
    {
        var file = _cli.File("old.json", """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");

        Assert.Equal(0, CliHarness.Run("policy", "validate", file).ExitCode);
        var managed = CliHarness.Run("policy", "validate", file, "--managed");

        Assert.Equal(1, managed.ExitCode);
        Assert.Contains("(at Version)", managed.Out);
    }

    [Fact]
    public void Catalog_warnings_do_not_make_a_policy_invalid()
    {
        var file = _cli.File("warn.json", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"arn:aws:ecr:us-east-1:000000000000:repository/app"},
              {"Effect":"Allow","Action":["ecr:PullImage","ecsx:RunTask","ecr:Get*"],"Resource":"*",
               "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1","ecr:NoSuchKey":"x","aws:ResourceTag/team":"a","custom:key":"y"}}}]}
            """);

        var result = CliHarness.Run("policy", "validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "valid",
                "warning: ecr:GetAuthorizationToken supports only Resource \"*\"; this statement names \"arn:aws:ecr:us-east-1:000000000000:repository/app\", so it never applies to ecr:GetAuthorizationToken (at Statement[0].Resource)",
                "warning: Unknown action \"ecr:PullImage\": the ecr service defines no such action (at Statement[1].Action)",
                "warning: Unknown service prefix \"ecsx\" in action \"ecsx:RunTask\" (at Statement[1].Action)",
                "warning: Unknown condition key \"ecr:NoSuchKey\" (at Statement[1].Condition.StringEquals)",
            ],
            result.Lines);
    }

    [Fact]
    public void Json_output_has_valid_errors_and_warnings()
    {
        var valid = CliHarness.Run("policy", "validate", "--json", _cli.File("w.json", """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:PullImage","Resource":"*"}}
            """));
        var invalid = CliHarness.Run("policy", "validate", "--json", _cli.File("i.json", """{"Version":"2012-10-17"}"""));

        Assert.Equal(0, valid.ExitCode);
        Assert.True(valid.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(0, valid.Json.GetProperty("errors").GetArrayLength());
        var warning = Assert.Single(valid.Json.GetProperty("warnings").EnumerateArray());
        Assert.Equal("Statement.Action", warning.GetProperty("path").GetString());
        Assert.Contains("ecr:PullImage", warning.GetProperty("message").GetString());

        Assert.Equal(1, invalid.ExitCode);
        Assert.False(invalid.Json.GetProperty("valid").GetBoolean());
        var error = Assert.Single(invalid.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal("MalformedPolicyDocument", error.GetProperty("code").GetString());
        Assert.Equal("Syntax errors in policy.", error.GetProperty("message").GetString());
        Assert.Equal("Statement", error.GetProperty("path").GetString());
        Assert.Equal(0, invalid.Json.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void A_missing_file_is_an_error_with_exit_code_2()
    {
        var result = CliHarness.Run("policy", "validate", _cli.MissingFile);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("error: cannot read ", result.Err);
    }

    [Theory]
    [InlineData("policy", "validate")]
    [InlineData("policy", "validate", "x.json", "--type", "role")]
    [InlineData("policy", "validate", "x.json", "--bogus")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var result = CliHarness.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
    }
}
