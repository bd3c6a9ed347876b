using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class SimulateCustomPolicyTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string EcrPull = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ecr:GetAuthorizationToken",
              "Resource": "*"
            },
            {
              "Sid": "NoObjects",
              "Effect": "Deny",
              "Action": "s3:GetObject",
              "Resource": "*"
            }
          ]
        }
        """;

    private static string File(string document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stevedore-sim-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, document);
        return $"file://{path}";
    }

    private static JsonNode Result(JsonNode output, string action) =>
        output["EvaluationResults"]!.AsArray().Single(r => r!["EvalActionName"]!.GetValue<string>() == action)!;

    private static (int, int, int, int) Span(JsonNode statement) => (
        statement["StartPosition"]!["Line"]!.GetValue<int>(), statement["StartPosition"]!["Column"]!.GetValue<int>(),
        statement["EndPosition"]!["Line"]!.GetValue<int>(), statement["EndPosition"]!["Column"]!.GetValue<int>());

    [Fact]
    public void Allowed_and_explicit_deny_name_their_statements_with_positions()
    {
        var output = stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", EcrPull,
            "--action-names", "ecr:GetAuthorizationToken", "s3:GetObject").Succeeded().Json;

        var allowed = Result(output, "ecr:GetAuthorizationToken");
        Assert.Equal("allowed", allowed["EvalDecision"]!.GetValue<string>());
        Assert.Equal("*", allowed["EvalResourceName"]!.GetValue<string>());
        var grant = Assert.Single(allowed["MatchedStatements"]!.AsArray())!;
        Assert.Equal("PolicyInputList.1", grant["SourcePolicyId"]!.GetValue<string>());
        Assert.Equal("IAM Policy", grant["SourcePolicyType"]!.GetValue<string>());

        // (The AWS CLI v1 sends a file:// value of a list parameter character by character, so documents go as arguments.)
        // Line 3 is `  "Statement": [`: the first statement starts after the `[` (column 17) and ends after its `}` on line 8.
        Assert.Equal((3, 17, 8, 6), Span(grant));

        var denied = Result(output, "s3:GetObject");
        Assert.Equal("explicitDeny", denied["EvalDecision"]!.GetValue<string>());
        var deny = Assert.Single(denied["MatchedStatements"]!.AsArray())!;
        Assert.Equal((8, 6, 14, 6), Span(deny));
    }

    [Fact]
    public void A_one_line_policy_with_a_lone_statement_reports_the_columns_of_the_AWS_CLI_example()
    {
        // The awscli example (examples/iam/simulate-custom-policy.rst) reports 1:38 to 1:167 for this document.
        const string policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}""";

        var output = stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", policy,
            "--action-names", "dynamodb:CreateBackup",
            "--context-entries", "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date").Succeeded().Json;

        var result = Result(output, "dynamodb:CreateBackup");
        Assert.Equal("allowed", result["EvalDecision"]!.GetValue<string>());
        Assert.Equal((1, 38, 1, 167), Span(Assert.Single(result["MatchedStatements"]!.AsArray())!));
    }

    [Fact]
    public void An_action_no_statement_allows_is_an_implicit_deny_with_no_statements()
    {
        var output = stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", EcrPull,
            "--action-names", "sqs:SendMessage").Succeeded().Json;

        var result = Result(output, "sqs:SendMessage");
        Assert.Equal("implicitDeny", result["EvalDecision"]!.GetValue<string>());
        Assert.Empty(result["MatchedStatements"]!.AsArray());
    }

    [Fact]
    public void A_condition_key_not_given_is_reported_missing()
    {
        const string policy = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
              "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}
            """;

        var without = Result(stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", policy,
            "--action-names", "s3:GetObject").Succeeded().Json, "s3:GetObject");
        Assert.Equal("implicitDeny", without["EvalDecision"]!.GetValue<string>());
        Assert.Equal(["aws:SourceVpce"], without["MissingContextValues"]!.AsArray().Select(v => v!.GetValue<string>()));

        var with = Result(stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", policy,
            "--action-names", "s3:GetObject",
            "--context-entries", "ContextKeyName=aws:SourceVpce,ContextKeyValues=vpce-1a2b3c4d,ContextKeyType=string").Succeeded().Json, "s3:GetObject");
        Assert.Equal("allowed", with["EvalDecision"]!.GetValue<string>());
        Assert.Empty(with["MissingContextValues"]!.AsArray());
    }

    [Fact]
    public void A_list_context_entry_is_multi_valued()
    {
        const string policy = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
              "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}]}
            """;

        var output = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            def decide(keys):
                r = iam.simulate_custom_policy(PolicyInputList=[{{Quoted(policy)}}], ActionNames=["ec2:CreateTags"],
                    ContextEntries=[{"ContextKeyName": "aws:TagKeys", "ContextKeyValues": keys, "ContextKeyType": "stringList"}])
                return r["EvaluationResults"][0]["EvalDecision"]
            print(json.dumps([decide(["team", "env"]), decide(["team", "owner"])]))
            """).Succeeded().Json;

        Assert.Equal(["allowed", "implicitDeny"], output.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void A_permissions_boundary_caps_the_identity_policy()
    {
        const string boundary = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}""";
        const string admin = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";

        var output = stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", admin,
            "--permissions-boundary-policy-input-list", boundary,
            "--action-names", "ecr:GetAuthorizationToken", "s3:GetObject").Succeeded().Json;

        var ecr = Result(output, "ecr:GetAuthorizationToken");
        Assert.Equal("allowed", ecr["EvalDecision"]!.GetValue<string>());
        Assert.True(ecr["PermissionsBoundaryDecisionDetail"]!["AllowedByPermissionsBoundary"]!.GetValue<bool>());
        var s3 = Result(output, "s3:GetObject");
        Assert.Equal("implicitDeny", s3["EvalDecision"]!.GetValue<string>());
        Assert.False(s3["PermissionsBoundaryDecisionDetail"]!["AllowedByPermissionsBoundary"]!.GetValue<bool>());
    }

    [Fact]
    public void A_resource_policy_naming_the_caller_allows_it_with_resource_specific_results()
    {
        const string bucketPolicy = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/alice"},
              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-bucket/*"}]}
            """;
        const string nothing = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}""";

        var output = stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", nothing,
            "--resource-policy", File(bucketPolicy), "--caller-arn", "arn:aws:iam::000000000000:user/alice",
            "--action-names", "s3:GetObject", "--resource-arns", "arn:aws:s3:::shared-bucket/report.csv").Succeeded().Json;

        var result = Result(output, "s3:GetObject");
        Assert.Equal("allowed", result["EvalDecision"]!.GetValue<string>());
        Assert.Equal("arn:aws:s3:::shared-bucket/report.csv", result["EvalResourceName"]!.GetValue<string>());
        var specific = Assert.Single(result["ResourceSpecificResults"]!.AsArray())!;
        Assert.Equal("allowed", specific["EvalResourceDecision"]!.GetValue<string>());
        Assert.Equal("arn:aws:s3:::shared-bucket/report.csv", specific["EvalResourceName"]!.GetValue<string>());

        var bob = Result(stevedore.Aws("iam", "simulate-custom-policy", "--policy-input-list", nothing,
            "--resource-policy", File(bucketPolicy), "--caller-arn", "arn:aws:iam::000000000000:user/bob",
            "--action-names", "s3:GetObject", "--resource-arns", "arn:aws:s3:::shared-bucket/report.csv").Succeeded().Json, "s3:GetObject");
        Assert.Equal("implicitDeny", bob["EvalDecision"]!.GetValue<string>());
    }

    [Fact]
    public void Results_page_with_MaxItems_and_Marker()
    {
        var output = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            args = dict(PolicyInputList=[{{Quoted(EcrPull)}}], ActionNames=["ecr:GetAuthorizationToken", "s3:GetObject", "sqs:SendMessage"])
            first = iam.simulate_custom_policy(MaxItems=2, **args)
            rest = iam.simulate_custom_policy(MaxItems=2, Marker=first["Marker"], **args)
            print(json.dumps([[r["EvalActionName"] for r in first["EvaluationResults"]], first["IsTruncated"],
                              [r["EvalActionName"] for r in rest["EvaluationResults"]], rest["IsTruncated"]]))
            """).Succeeded().Json;

        Assert.Equal("""[["ecr:GetAuthorizationToken","s3:GetObject"],true,["sqs:SendMessage"],false]""", output.ToJsonString());
    }

    [Theory]
    [InlineData("""ResourcePolicy='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}'""", "InvalidInput")]
    [InlineData("""ResourceArns=["not-an-arn"]""", "InvalidInput")]
    [InlineData("""CallerArn="arn:aws:sts::000000000000:assumed-role/r/s" """, "InvalidInput")]
    [InlineData("""ResourceOwner="000000000000" """, "InvalidInput")]
    [InlineData("""PermissionsBoundaryPolicyInputList=[policy, policy]""", "InvalidInput")]
    [InlineData("""PolicyInputList=['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}']""", "MalformedPolicyDocument")]
    public void Bad_input_is_rejected(string argument, string code)
    {
        var output = stevedore.Python($$"""
            import boto3, botocore, json
            iam = boto3.client("iam")
            policy = {{Quoted(EcrPull)}}
            args = dict(PolicyInputList=[policy], ActionNames=["s3:GetObject"])
            args.update(dict({{argument}}))
            try:
                iam.simulate_custom_policy(**args)
                print(json.dumps("no error"))
            except botocore.exceptions.ClientError as e:
                print(json.dumps(e.response["Error"]["Code"]))
            """).Succeeded().Json;

        Assert.Equal(code, output.GetValue<string>());
    }

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
