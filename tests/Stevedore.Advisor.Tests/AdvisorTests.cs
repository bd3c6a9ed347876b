using System.Text.Json.Nodes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor.Tests;

public sealed class AdvisorTests
{
    [Fact]
    public void Managed_policy_allows_pull_and_logs_but_not_secrets()
    {
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Managed()));

        Assert.False(report.CanStart);
        var assume = report.Requirements[0];
        Assert.Equal(RequirementKind.RoleAssumption, assume.Kind);
        Assert.Equal(Verdict.Allowed, assume.Verdict);
        var pull = report.Requirements.Single(r => r.Action == "ecr:BatchGetImage");
        Assert.Equal(Verdict.Allowed, pull.Verdict);
        Assert.Equal(Samples.ManagedArn, pull.Statements.Single().PolicyId);
        var secret = report.Requirements.Single(r => r.Action == "secretsmanager:GetSecretValue");
        Assert.Equal(Verdict.Denied, secret.Verdict);
        Assert.Contains("because no identity-based policy allows the secretsmanager:GetSecretValue action", secret.Message);
        Assert.Equal("$.containerDefinitions[0].secrets[0].valueFrom", secret.JsonPath);
    }

    [Fact]
    public void Log_group_creation_is_conditional_and_does_not_block()
    {
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Managed()));
        var create = report.Requirements.Single(r => r.Action == "logs:CreateLogGroup");
        Assert.Equal(LaunchPlan.Plan.CallCondition.IfLogGroupMissing, create.Condition);
        Assert.False(create.BlocksStart);
        Assert.Equal(Verdict.Denied, create.Verdict);
    }

    [Fact]
    public void Log_group_creation_blocks_when_the_group_is_known_to_be_missing()
    {
        var options = new AdvisorOptions { MissingLogGroups = new HashSet<string> { "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web" } };
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Managed()), options);
        var create = report.Requirements.Single(r => r.Action == "logs:CreateLogGroup");
        Assert.True(create.BlocksStart);
        Assert.Equal(Verdict.Denied, create.Verdict);
    }

    [Fact]
    public void An_explicit_deny_of_kms_Decrypt_on_every_key_denies_an_unknown_key_too()
    {
        var deny = Samples.Identity("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}""");
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(deny));
        var decrypt = report.Requirements.Where(r => r is { Kind: RequirementKind.SideCall, Action: "kms:Decrypt" }).ToList();
        Assert.NotEmpty(decrypt);
        Assert.All(decrypt, r => Assert.Equal((Verdict.Denied, DecisionKind.ExplicitDeny, (string?)null), (r.Verdict, r.Decision, r.Resource)));
        Assert.False(report.CanStart);

        var allowed = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Identity("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""")));
        Assert.All(allowed.Requirements.Where(r => r is { Kind: RequirementKind.SideCall, Action: "kms:Decrypt" }), r => Assert.Equal(Verdict.NotEvaluated, r.Verdict));
    }

    [Fact]
    public void Generated_policy_is_least_privilege_and_fixes_every_requirement()
    {
        var plan = Samples.Plan(Samples.WebService);
        var role = Samples.Role();
        var report = TaskAdvisor.Check(plan, role);
        var statements = report.MissingPolicy["Statement"]!.AsArray();

        var token = statements.Single(s => Actions(s).Contains("ecr:GetAuthorizationToken"));
        Assert.Equal("*", token!["Resource"]!.GetValue<string>());
        var pull = statements.Single(s => Actions(s).Contains("ecr:BatchGetImage"));
        Assert.Contains("ecr:GetDownloadUrlForLayer", Actions(pull));
        Assert.Equal("arn:aws:ecr:us-east-1:111122223333:repository/web", pull!["Resource"]!.GetValue<string>());
        var stream = statements.Single(s => Actions(s).Contains("logs:CreateLogStream"));
        Assert.Equal("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/app/*", stream!["Resource"]!.GetValue<string>());
        Assert.DoesNotContain(statements, s => s!["Resource"]!.ToJsonString().Contains("0123456789abcdef", StringComparison.Ordinal));

        var fixedRole = role.WithIdentityPolicy(PolicyCompiler.Compile(report.MissingPolicy.ToJsonString(), PolicyType.Identity, "generated"));
        var again = TaskAdvisor.Check(plan, fixedRole);
        Assert.All(again.Requirements.Where(r => r.Verdict != Verdict.NotEvaluated), r => Assert.Equal(Verdict.Allowed, r.Verdict));
        Assert.True(again.CanStart);
        Assert.Empty(again.MissingPolicy["Statement"]!.AsArray());
    }

    [Fact]
    public void Secret_named_without_suffix_gets_the_wildcard_suffix()
    {
        var json = Samples.WebService.Replace("secret:prod/db-AbCdEf", "secret:prod/db", StringComparison.Ordinal);
        var report = TaskAdvisor.Check(Samples.Plan(json), Samples.Role());
        var statement = report.MissingPolicy["Statement"]!.AsArray().Single(s => Actions(s).Contains("secretsmanager:GetSecretValue"));
        Assert.Equal("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????", statement!["Resource"]!.GetValue<string>());
    }

    [Fact]
    public void Known_customer_managed_key_is_evaluated_and_granted_via_the_service()
    {
        var key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var options = new AdvisorOptions { KmsKeys = new Dictionary<string, string> { ["api-key"] = key } };
        var plan = Samples.Plan(Samples.WebService);
        var report = TaskAdvisor.Check(plan, Samples.Role(), options);
        var decrypt = report.Requirements.Single(r => r.Kind == RequirementKind.SideCall && r.Resource == key);
        Assert.Equal(Verdict.Denied, decrypt.Verdict);
        var statement = report.MissingPolicy["Statement"]!.AsArray().Single(s => Actions(s).Contains("kms:Decrypt"));
        Assert.Equal(key, statement!["Resource"]!.GetValue<string>());
        Assert.Equal("ssm.us-east-1.amazonaws.com", statement["Condition"]!["StringEquals"]!["kms:ViaService"]!.GetValue<string>());

        var fixedRole = Samples.Role().WithIdentityPolicy(PolicyCompiler.Compile(report.MissingPolicy.ToJsonString(), PolicyType.Identity, "generated"));
        Assert.Equal(Verdict.Allowed, TaskAdvisor.Check(plan, fixedRole, options).Requirements.Single(r => r.Resource == key).Verdict);
    }

    [Fact]
    public void Trust_lint_wrong_principal_missing_action_and_conditions()
    {
        var plan = Samples.Plan(Samples.WebService);
        Assert.Contains(Lint(plan, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
            f => f.Code == "TrustWrongPrincipal" && f.Message.Contains("ecs.amazonaws.com", StringComparison.Ordinal));
        Assert.Contains(Lint(plan, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:TagSession"}]}"""),
            f => f.Code == "TrustMissingAssumeRole");
        Assert.Contains(Lint(plan, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
            f => f.Code == "TrustNoConfusedDeputyCondition" && f.Level == FindingLevel.Warning);
        var wrongAccount = Lint(plan, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}""");
        Assert.Contains(wrongAccount, f => f.Code == "TrustConditionMismatch" && f.Level == FindingLevel.Error);
        Assert.Contains(wrongAccount, f => f.Code == "RoleAssumptionDenied");
        Assert.Contains(Lint(plan, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ecs:us-east-1:111122223333:cluster/prod"}}}]}"""),
            f => f.Code == "TrustSourceArnScopedToCluster");
        Assert.DoesNotContain(Lint(plan, Samples.Trust), f => f.Category == FindingCategory.Trust);
    }

    [Fact]
    public void Over_broad_grants_get_the_narrower_statement()
    {
        var broad = Samples.Identity("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ecr:*","Resource":"*"},
              {"Effect":"Allow","Action":["secretsmanager:GetSecretValue","ssm:GetParameters"],"Resource":"*"},
              {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:CreateLogGroup","s3:GetObject"],"Resource":"arn:aws:*:*:111122223333:*"}]}
            """, "broad.json");
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(broad));
        var findings = report.Findings.Where(f => f.Code == "OverBroadGrant").ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal("$.Statement[0]", findings[0].JsonPath);
        Assert.Contains("\"ecr:*\" grants", findings[0].Message, StringComparison.Ordinal);
        var narrower = JsonNode.Parse(findings[1].Suggestion!)!["Statement"]!.AsArray();
        Assert.Contains(narrower, s => s!["Resource"]!.ToJsonString().Contains("secret:prod/db-AbCdEf", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Code == "OverBroadGrant" && f.PolicyId == Samples.ManagedArn);
    }

    [Fact]
    public void Explicit_deny_and_boundary_are_reported_as_such()
    {
        var deny = Samples.Identity("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ssm:*","Resource":"*"}]}""", "deny.json");
        var report = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Managed(), deny));
        Assert.Contains(report.Findings, f => f.Code == "ExplicitDeny" && f.Message.Contains("ssm:GetParameters", StringComparison.Ordinal));
        Assert.DoesNotContain(report.MissingPolicy["Statement"]!.AsArray(), s => Actions(s).Contains("ssm:GetParameters"));

        var boundary = PolicyCompiler.Compile("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""", PolicyType.PermissionsBoundary, "boundary.json");
        var bounded = TaskAdvisor.Check(Samples.Plan(Samples.WebService), Samples.Role(Samples.Managed()) with { PermissionsBoundary = boundary });
        var logs = bounded.Requirements.First(r => r.Action == "logs:CreateLogStream");
        Assert.Equal(Verdict.Denied, logs.Verdict);
        Assert.Equal("PermissionsBoundary", logs.DecidedBy);
        Assert.Contains(bounded.Findings, f => f.Code == "DeniedByBoundary");
    }

    [Fact]
    public void Plan_findings_become_launch_plan_findings()
    {
        var json = Samples.WebService.Replace("\"executionRoleArn\": \"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\",", "", StringComparison.Ordinal);
        var report = TaskAdvisor.Check(Samples.Plan(json), Samples.Role());
        Assert.False(report.CanStart);
        Assert.Contains(report.Findings, f => f.Category == FindingCategory.LaunchPlan && f.Level == FindingLevel.Error);
    }

    private static IReadOnlyList<AdvisorFinding> Lint(LaunchPlan.Plan.TaskLaunchPlan plan, string trust) =>
        TaskAdvisor.Check(plan, new RoleUnderTest(PolicyCompiler.Compile(trust, PolicyType.Trust, "trust.json"), [Samples.Managed()])).Findings;

    private static List<string> Actions(JsonNode? statement) =>
        statement!["Action"] is JsonArray array ? [.. array.Select(a => a!.GetValue<string>())] : [statement["Action"]!.GetValue<string>()];
}
