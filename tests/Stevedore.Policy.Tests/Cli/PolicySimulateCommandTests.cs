namespace Stevedore.Policy.Tests.Cli;

public sealed class PolicySimulateCommandTests : IDisposable
{
    private const string Repository = "arn:aws:ecr:us-east-1:000000000000:repository/app";
    private const string User = "arn:aws:iam::000000000000:user/stevedore";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string PullThroughEndpoint() => _cli.File("pull.json", $$"""
        {"Version":"2012-10-17","Statement":[{
          "Sid":"PullViaEndpoint","Effect":"Allow",
          "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
          "Resource":"{{Repository}}",
          "Condition":{"StringEquals":{"aws:sourceVpce":"vpce-1a2b3c4d"} } }]}
        """);

    [Fact]
    public void An_allowed_request_prints_Allowed_and_exits_0()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(),
            "--action", "ecr:BatchGetImage", "--resource", Repository, "--context", "aws:SourceVpce=vpce-1a2b3c4d");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Allowed\n", result.Out);
    }

    [Fact]
    public void An_implicit_deny_prints_the_AccessDenied_message_and_exits_1()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(),
            "--action", "ecr:PutImage", "--resource", Repository);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "ImplicitDeny",
                $"User: {User} is not authorized to perform: ecr:PutImage on resource: {Repository} because no identity-based policy allows the ecr:PutImage action",
            ],
            result.Lines);
    }

    [Fact]
    public void An_explicit_deny_names_the_policy_type_that_denied()
    {
        var allow = _cli.File("allow.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");
        var deny = _cli.File("deny.json", """
            {"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::config/*",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}}
            """);

        var result = CliHarness.Run("policy", "simulate", "--policy", allow, deny, "--action", "s3:GetObject",
            "--resource", "arn:aws:s3:::config/app.env", "--context", "aws:SecureTransport=false");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "ExplicitDeny",
                $"User: {User} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::config/app.env with an explicit deny in an identity-based policy",
            ],
            result.Lines);
    }

    [Fact]
    public void Explain_shows_the_failing_condition_of_an_ECR_pull_from_the_wrong_endpoint()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(), "--explain",
            "--action", "ecr:BatchGetImage", "--resource", Repository, "--context", "aws:SourceVpce=vpce-0badc0de");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ImplicitDeny", result.Lines[0]);
        Assert.Contains(
            """
            Failed conditions:
              - pull.json [identity] Statement[0] Sid=PullViaEndpoint Allow: StringEquals aws:sourceVpce
                  aws:sourceVpce is ["vpce-0badc0de"], which does not satisfy StringEquals ["vpce-1a2b3c4d"]
            """.ReplaceLineEndings("\n"),
            result.Out);
        Assert.Contains("Matched statements:\n  (none)\n", result.Out);
    }

    [Fact]
    public void Explain_lists_context_keys_the_request_did_not_carry()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(), "--explain",
            "--action", "ecr:BatchGetImage", "--resource", Repository);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("Missing context keys:\n  - aws:sourceVpce\n", result.Out);
    }

    [Fact]
    public void Json_has_the_decision_message_request_and_explanation_in_camelCase()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(), "--json", "--explain",
            "--action", "ecr:BatchGetImage", "--resource", Repository,
            "--context", "aws:SourceVpce=vpce-0badc0de", "--context", "aws:TagKeys=a", "aws:TagKeys=b", "--context", "ecr:tags=[x, y]");

        Assert.Equal(1, result.ExitCode);
        var json = result.Json;
        Assert.Equal("ImplicitDeny", json.GetProperty("decision").GetString());
        Assert.Equal("identity", json.GetProperty("decidedBy").GetString());
        Assert.StartsWith($"User: {User} is not authorized", json.GetProperty("message").GetString());

        var request = json.GetProperty("request");
        Assert.Equal(User, request.GetProperty("principal").GetString());
        Assert.Equal("000000000000", request.GetProperty("resourceAccount").GetString());
        var context = request.GetProperty("context");
        Assert.Equal("vpce-0badc0de", context.GetProperty("aws:SourceVpce").GetString());
        Assert.Equal(["a", "b"], context.GetProperty("aws:TagKeys").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["x", "y"], context.GetProperty("ecr:tags").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("User", context.GetProperty("aws:PrincipalType").GetString());

        Assert.Equal(0, json.GetProperty("decidingStatements").GetArrayLength());
        Assert.Equal(0, json.GetProperty("matchedStatements").GetArrayLength());
        Assert.Equal(0, json.GetProperty("missingContextKeys").GetArrayLength());
        var failure = Assert.Single(json.GetProperty("failedConditions").EnumerateArray());
        Assert.Equal("StringEquals", failure.GetProperty("operator").GetString());
        Assert.Equal("aws:sourceVpce", failure.GetProperty("key").GetString());
        Assert.Equal(["vpce-1a2b3c4d"], failure.GetProperty("policyValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["vpce-0badc0de"], failure.GetProperty("requestValues").EnumerateArray().Select(v => v.GetString()));
        var statement = failure.GetProperty("statement");
        Assert.Equal("pull.json", statement.GetProperty("policyId").GetString());
        Assert.Equal("identity", statement.GetProperty("policyType").GetString());
        Assert.Equal(0, statement.GetProperty("statementIndex").GetInt32());
        Assert.Equal("PullViaEndpoint", statement.GetProperty("sid").GetString());
        Assert.Equal("Allow", statement.GetProperty("effect").GetString());
    }

    [Fact]
    public void Json_without_explain_has_no_explanation_and_a_null_message_when_allowed()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", PullThroughEndpoint(), "--json",
            "--action", "ecr:BatchGetImage", "--resource", Repository, "--context", "aws:SourceVpce=vpce-1a2b3c4d");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Allowed", result.Json.GetProperty("decision").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("message").ValueKind);
        Assert.False(result.Json.TryGetProperty("failedConditions", out _));
    }

    [Fact]
    public void A_service_principal_is_allowed_by_the_roles_trust_policy()
    {
        var trust = _cli.File("trust.json", """
            {"Version":"2012-10-17","Statement":[{"Sid":"EcsTasks","Effect":"Allow",
              "Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole",
              "Condition":{"StringEquals":{"aws:SourceAccount":"000000000000"}}}]}
            """);
        string[] args =
        [
            "policy", "simulate", "--resource-policy", trust, "--resource-policy-kind", "trust",
            "--principal", "service:ecs-tasks.amazonaws.com", "--action", "sts:AssumeRole",
            "--resource", "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
        ];

        var allowed = CliHarness.Run([.. args, "--context", "aws:SourceAccount=000000000000", "--explain"]);
        var wrongAccount = CliHarness.Run([.. args, "--context", "aws:SourceAccount=111122223333"]);
        var otherService = CliHarness.Run([.. args[..7], "service:lambda.amazonaws.com", .. args[8..], "--context", "aws:SourceAccount=000000000000"]);

        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("Deciding statements:\n  - trust.json [trust] Statement[0] Sid=EcsTasks Allow\n", allowed.Out);
        Assert.Equal(1, wrongAccount.ExitCode);
        Assert.Equal(
            "User: ecs-tasks.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/ecsTaskExecutionRole because no role trust policy allows the sts:AssumeRole action",
            wrongAccount.Lines[1]);
        Assert.Equal(1, otherService.ExitCode);
    }

    [Fact]
    public void Principal_context_keys_are_derived_unless_given()
    {
        var policy = _cli.File("self.json", """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject",
             "Resource":"arn:aws:s3:::home/${aws:username}/*",
             "Condition":{"StringEquals":{"aws:PrincipalType":"User","aws:PrincipalAccount":"000000000000"}}}}
            """);
        string[] args = ["policy", "simulate", "--policy", policy, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::home/stevedore/notes"];

        Assert.Equal(0, CliHarness.Run(args).ExitCode);
        Assert.Equal(1, CliHarness.Run([.. args, "--context", "aws:username=someone-else"]).ExitCode);
        Assert.Equal(1, CliHarness.Run([.. args, "--principal", "arn:aws:iam::000000000000:user/alice"]).ExitCode);
    }

    [Fact]
    public void A_malformed_policy_file_exits_2_with_the_MalformedPolicyDocument_message()
    {
        var bad = _cli.File("bad.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}""");

        var result = CliHarness.Run("policy", "simulate", "--policy", bad, "--action", "s3:GetObject");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"error: {bad} (identity policy): MalformedPolicyDocument: Policy statement must contain resources. (at Statement)\n", result.Err);
    }

    [Fact]
    public void A_missing_policy_file_exits_2()
    {
        var result = CliHarness.Run("policy", "simulate", "--policy", _cli.MissingFile, "--action", "s3:GetObject");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: cannot read ", result.Err);
    }

    [Theory]
    [InlineData("--principal", "arn:aws:s3:::bucket")]
    [InlineData("--context", "no-equals-sign")]
    [InlineData("--resource-policy-kind", "bucket")]
    public void Bad_arguments_exit_2(string option, string value)
    {
        var policy = _cli.File("p.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

        var result = CliHarness.Run("policy", "simulate", "--policy", policy, "--action", "s3:GetObject", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3")]
    [InlineData("s3:")]
    [InlineData(":GetObject")]
    [InlineData("s3:Get*")]
    [InlineData("s3:GetObject:x")]
    public void An_action_that_is_not_service_colon_operation_exits_2(string action)
    {
        var policy = _cli.File("p.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");

        var result = CliHarness.Run("policy", "simulate", "--policy", policy, "--action", action);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --action: '{action}' is not an action name (service:Operation, e.g. ecr:BatchGetImage)\n", result.Err);
    }

    [Fact]
    public void Action_is_required()
    {
        var policy = _cli.File("p.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

        Assert.Equal(2, CliHarness.Run("policy", "simulate", "--policy", policy).ExitCode);
    }
}
