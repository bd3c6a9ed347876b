namespace Stevedore.Advisor.Tests;

public sealed class CliTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Check_exit_codes_follow_can_start()
    {
        var task = _cli.File("web.json", Samples.WebService);
        var trust = _cli.File("trust.json", Samples.Trust);
        Assert.Equal(1, Cli.Run("check", task, "--trust-policy", trust, "--policy", Samples.ManagedArn).ExitCode);

        var generated = Cli.Run("policy", "generate", task, "--trust-policy", trust, "--policy", Samples.ManagedArn);
        Assert.Equal(0, generated.ExitCode);
        var fix = _cli.File("fix.json", generated.Out);
        var ok = Cli.Run("check", task, "--trust-policy", trust, "--policy", Samples.ManagedArn, fix);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("every task can start", ok.Out, StringComparison.Ordinal);
        var empty = Cli.Run("policy", "generate", task, "--trust-policy", trust, "--policy", Samples.ManagedArn, fix);
        Assert.Equal(0, empty.Json.GetProperty("Statement").GetArrayLength());
    }

    [Fact]
    public void Generate_as_cli_prints_put_role_policy()
    {
        var task = _cli.File("web.json", Samples.WebService);
        var result = Cli.Run("policy", "generate", task, "--as-cli");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("aws iam put-role-policy --role-name ecsTaskExecutionRole --policy-name StevedoreExecutionRoleGrants --policy-document '{", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_schema_is_stable()
    {
        var task = _cli.File("web.json", Samples.WebService);
        var json = Cli.Run("check", task, "--policy", Samples.ManagedArn, "--format", "json").Json;
        Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        Assert.False(json.GetProperty("canStart").GetBoolean());
        var t = json.GetProperty("tasks")[0];
        Assert.Equal(
            ["file", "family", "launchType", "executionRoleArn", "instanceRoleArn", "canStart", "requirements", "findings", "missingPolicy", "instanceRoleMissingPolicy"],
            t.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["id", "kind", "feature", "stage", "jsonPath", "jsonPaths", "container", "service", "operation", "action", "resource", "policyResource",
             "principal", "region", "context", "condition", "blocksStart", "verdict", "decision", "decidedBy", "statements", "message",
             "failedConditions", "missingContextKeys", "note"],
            t.GetProperty("requirements")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["code", "category", "level", "message", "file", "policy", "jsonPath", "line", "column", "requirement", "suggestion"],
            t.GetProperty("findings")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("not-evaluated", t.GetProperty("requirements")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void Sarif_has_file_path_and_region()
    {
        var task = _cli.File("web.json", Samples.WebService);
        var sarif = Cli.Run("check", task, "--policy", Samples.ManagedArn, "--format", "sarif").Json;
        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        var run = sarif.GetProperty("runs")[0];
        Assert.Equal("stevedore", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var result = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "MissingPermission"
            && r.GetProperty("message").GetProperty("text").GetString()!.Contains("GetSecretValue", StringComparison.Ordinal));
        Assert.Equal("error", result.GetProperty("level").GetString());
        var location = result.GetProperty("locations")[0];
        Assert.EndsWith("web.json", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        var region = location.GetProperty("physicalLocation").GetProperty("region");
        var line = Samples.WebService.Split('\n').ToList().FindIndex(l => l.Contains("secret:prod/db", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, region.GetProperty("startLine").GetInt32());
        var column = Samples.WebService.Split('\n')[line - 1].IndexOf("\"valueFrom\"", StringComparison.Ordinal) + 1;
        Assert.Equal(column, region.GetProperty("startColumn").GetInt32());
        Assert.Equal("$.containerDefinitions[0].secrets[0].valueFrom", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
    }

    [Fact]
    public void Malformed_input_names_file_and_path_with_exit_2()
    {
        var bad = _cli.File("bad.json", "{\n  \"containerDefinitions\": [ { \"name\": \"app\", \"image\": 5 } ]\n}");
        var result = Cli.Run("check", bad);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.json:2:", result.Err, StringComparison.Ordinal);
        Assert.Contains("$.containerDefinitions[0].image: expected a string", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);

        var notJson = _cli.File("broken.json", "{ nope");
        var broken = Cli.Run("check", notJson);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("broken.json", broken.Err, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", broken.Err, StringComparison.Ordinal);

        var task = _cli.File("web.json", Samples.WebService);
        var policy = _cli.File("p.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*"}]}""");
        var badPolicy = Cli.Run("check", task, "--policy", policy);
        Assert.Equal(2, badPolicy.ExitCode);
        Assert.Contains("p.json (identity policy)", badPolicy.Err, StringComparison.Ordinal);
        Assert.Equal(2, Cli.Run("check", task, "--policy", "arn:aws:iam::aws:policy/NoSuchPolicy").ExitCode);
        Assert.Equal(2, Cli.Run("check", Path.Combine(_cli.Dir, "missing.json")).ExitCode);
        Assert.Equal(2, Cli.Run("check", task, "--vpc-endpoint", "s3").ExitCode);
    }

    [Fact]
    public void Folder_is_searched_recursively_and_both_shapes_are_read()
    {
        _cli.File("defs/a/web.json", Samples.WebService);
        _cli.File("defs/b/described.json", $$"""{ "taskDefinition": {{Samples.WebService}} }""");
        var json = Cli.Run("check", Path.Combine(_cli.Dir, "defs"), "--format", "json").Json;
        var tasks = json.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Contains(tasks, t => t.GetProperty("requirements").EnumerateArray()
            .Any(r => r.GetProperty("jsonPath").GetString() == "$.taskDefinition.containerDefinitions[0].image"));
    }

    [Fact]
    public void Vpc_endpoint_condition_is_met_through_the_endpoint()
    {
        var task = _cli.File("web.json", Samples.WebService);
        var policy = _cli.File("vpce.json", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*",
              "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0abc"}}}]}
            """);
        string Verdict(params string[] extra) => Cli.Run(["check", task, "--policy", policy, "--format", "json", .. extra]).Json
            .GetProperty("tasks")[0].GetProperty("requirements").EnumerateArray()
            .First(r => r.GetProperty("action").GetString() == "secretsmanager:GetSecretValue").GetProperty("verdict").GetString()!;
        Assert.Equal("denied", Verdict());
        Assert.Equal("allowed", Verdict("--vpc-endpoint", "secretsmanager=vpce-0abc", "--source-vpc", "vpc-1"));
    }
}
