using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Advisor;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Server.Tests.Launch;

namespace Stevedore.Server.Tests.Agreement;

/// <summary>
/// The launch world of <c>launch_scenarios.py</c> (its own server) with the EC2/EXTERNAL and feature scenarios
/// (<c>ec2_launch_scenarios.py</c>, <c>feature_launch_scenarios.py</c>) added to it, each task's agent trace, and the
/// advisor's inputs read back from the same state through the API (<c>advisor_inputs.py</c>).
/// </summary>
public sealed class AgreementFixture : IAsyncLifetime
{
    public LaunchScenarioFixture World { get; } = new();

    public JsonObject Inputs { get; private set; } = [];

    /// <summary>Every scenario of the three scripts (their names are distinct).</summary>
    public JsonObject Results { get; } = [];

    public Dictionary<string, JsonObject> Traces { get; } = [];

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();
        foreach (var world in new[] { World.Results, ScenarioScript.Run(World.Stevedore, "ec2_launch_scenarios.py"), ScenarioScript.Run(World.Stevedore, "feature_launch_scenarios.py") })
        {
            foreach (var (name, scenario) in world.Where(r => !r.Key.StartsWith('_')))
            {
                Results.Add(name, scenario!.DeepClone());
            }
        }

        var results = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(results, Results.ToJsonString());
            var stdout = World.Stevedore.Python(await File.ReadAllTextAsync(Script()), arguments: [results]).Succeeded().Stdout;
            Inputs = JsonNode.Parse(stdout)!.AsObject();
        }
        finally
        {
            File.Delete(results);
        }

        using var http = new HttpClient();
        foreach (var (name, scenario) in Results.Where(r => r.Value!["taskArn"] is not null))
        {
            var arn = Uri.EscapeDataString(scenario!["taskArn"]!.GetValue<string>());
            Traces[name] = JsonNode.Parse(await http.GetStringAsync($"{World.Stevedore.EndpointUrl}/_stevedore/tasks/{arn}/trace"))!.AsObject();
        }
    }

    public Task DisposeAsync() => World.DisposeAsync();

    private static string Script([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "advisor_inputs.py");
}

/// <summary>
/// Issue 6, "Agreement with the agent": every end-to-end launch scenario runs through the simulated agent (in the server)
/// and through the advisor (<see cref="TaskAdvisor.Check"/> on the same task definition, role and network); every
/// authorization the agent made for a planned call has the same (action, resource) requirement in the advisor's report
/// with the same verdict and principal, the role assumption agrees, and "can start" agrees with the task's outcome.
/// </summary>
public sealed class AgentAdvisorAgreementTests(AgreementFixture fixture) : IClassFixture<AgreementFixture>
{
    private const string Account = "000000000000";
    private const string Region = "us-east-1";

    private static readonly string[] ScenarioNames =
    [
        "good", "no_token", "no_secret", "no_ssm", "no_s3", "no_stream", "deny_secret", "wrong_trust", "missing_role",
        "missing_secret", "missing_key", "no_kms", "vpce_right", "vpce_wrong",
        "ec2_override_good", "ec2_override_no_stream", "ec2_default_instance_no_logs", "ec2_default_exec_no_stream", "ec2_no_prefix",
        "external_good", "external_no_token", "old_agent",
        "registry_managed", "registry_managed_no_secret", "registry_cmk", "registry_cmk_no_kms", "registry_bad_shape",
        "cross_account", "cross_account_no_policy", "cross_account_no_batch", "create_group", "create_group_denied", "missing_group",
        "boundary", "source_account_wrong", "source_arn_right", "source_arn_wrong", "stop_task",
    ];

    public static TheoryData<string> Scenarios => new(ScenarioNames);

    [Fact]
    public void Every_launch_scenario_is_checked()
    {
        var run = fixture.Results.Select(r => r.Key).Order(StringComparer.Ordinal);
        Assert.Equal(run, ScenarioNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_agent_and_the_advisor_agree(string scenario)
    {
        var task = fixture.Results[scenario]!;
        var report = Advise(scenario);
        if (task["failures"] is JsonArray failures)
        {
            // RunTask placed nothing (a required attribute the instance lacks): the advisor's plan has the placement finding.
            Assert.Equal("ATTRIBUTE", failures[0]!["reason"]!.GetValue<string>());
            Assert.False(report.CanStart, $"{scenario}: RunTask placed nothing, but the advisor says it can start");
            Assert.Contains(report.Plan.Findings, f => f.Stage == FindingStage.Placement);
            return;
        }

        var trace = fixture.Traces[scenario];
        var steps = trace["steps"]!.AsArray().Select(s => s!).ToList();

        // The role assumption: the same role, the same decision.
        var assumption = Assert.Single(report.Requirements, r => r.Kind == RequirementKind.RoleAssumption);
        var assumed = Assert.Single(Assert.Single(steps, s => Text(s, "kind") == "assume-role")["authorizations"]!.AsArray())!;
        Assert.Equal(Text(assumed, "resource"), assumption.Resource);
        Assert.Equal(Text(assumed, "principal"), assumption.Principal);
        Assert.Equal(Text(assumed, "decision"), Decision(assumption));

        // Every authorization the agent made for a planned call (the call's own and side ones such as kms:Decrypt).
        var calls = steps.Where(s => Text(s, "kind") == "call").ToList();

        // Calls made with the container instance role (EC2 without the awslogs override, an agent without execution-role
        // pulls): the advisor gets the instance role's policies and the instance id, and evaluates them as its session.
        foreach (var call in calls.Where(s => Text(s, "principalKind") == "InstanceRole"))
        {
            foreach (var authorization in call["authorizations"]!.AsArray().Select(a => a!))
            {
                if (Text(authorization, "action") == "sts:AssumeRole")
                {
                    // The instance profile's session (EC2 assumes the instance role): its trust policy is not an advisor input.
                    Assert.Equal("ec2.amazonaws.com", Text(authorization, "principal"));
                    Assert.Equal(InstanceRole(scenario), Text(authorization, "resource"));
                    continue;
                }

                var matching = report.Requirements.Where(r => r.Action == Text(authorization, "action") && Covers(r.Resource, Text(authorization, "resource"))).ToList();
                Assert.True(matching.Count == 1, $"{scenario}: the agent authorized {Text(authorization, "action")} on {Text(authorization, "resource")} with the instance role; "
                    + $"the advisor has {matching.Count} such requirements (it has: {string.Join(", ", report.Requirements.Select(r => $"{r.Action} on {r.Resource}"))})");
                var requirement = matching[0];
                Assert.Equal(CallPrincipal.InstanceRole, requirement.CallPrincipal);
                Assert.True(Text(authorization, "decision") == Decision(requirement),
                    $"{scenario}: {requirement.Action} on {requirement.Resource} with the instance role: agent {Text(authorization, "decision")}, advisor {Decision(requirement)} ({requirement.Message})");
                Assert.Equal(Text(authorization, "principal"), requirement.Principal);
                Assert.Equal(InstanceRole(scenario)!.Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal)
                    + "/" + fixture.Inputs[scenario]!["instance"]!["ec2InstanceId"]!.GetValue<string>(), requirement.Principal);
            }
        }

        var authorizations = calls.Where(s => Text(s, "principalKind") != "InstanceRole").SelectMany(s => s["authorizations"]!.AsArray()).Select(a => a!).ToList();
        var instanceAuthorizations = calls.Where(s => Text(s, "principalKind") == "InstanceRole").SelectMany(s => s["authorizations"]!.AsArray()).Select(a => a!)
            .Where(a => Text(a, "action") != "sts:AssumeRole").ToList();
        if (scenario.StartsWith("ec2_default", StringComparison.Ordinal) || scenario == "ec2_no_prefix")
        {
            // awslogs without the override: the instance role's calls were made, so the judging above was not vacuous.
            Assert.NotEmpty(instanceAuthorizations);
        }

        Assert.True(Text(assumed, "decision") != "Allow" || authorizations.Count > 0, $"{scenario}: the role was assumed but no call was authorized");
        foreach (var authorization in authorizations)
        {
            var action = Text(authorization, "action");
            var resource = Text(authorization, "resource");
            if (action == "kms:Decrypt" && AwsManagedKeys.Contains(resource))
            {
                // An AWS managed key (aws/secretsmanager, aws/ssm): its key policy lets every principal of the account use it
                // through the service, so the advisor grants nothing for it and leaves the side call unevaluated (key
                // unknown, docs/advisor.md); the agent's answer must then be the key policy's Allow.
                // https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
                Assert.Equal("Allow", Text(authorization, "decision"));
                Assert.Contains(report.Requirements, r => r is { Kind: RequirementKind.SideCall, Action: "kms:Decrypt", Resource: null, Verdict: Verdict.NotEvaluated });
                continue;
            }

            var matches = report.Requirements.Where(r => r.Kind != RequirementKind.RoleAssumption && r.Action == action && Covers(r.Resource, resource)).ToList();
            Assert.True(matches.Count > 0, $"{scenario}: the agent authorized {action} on {resource}; the advisor has no such requirement "
                + $"(it has: {string.Join(", ", report.Requirements.Select(r => $"{r.Action} on {r.Resource}"))})");
            foreach (var requirement in matches)
            {
                Assert.True(Text(authorization, "decision") == Decision(requirement),
                    $"{scenario}: {action} on {resource}: agent {Text(authorization, "decision")}, advisor {Decision(requirement)} ({requirement.Message})");
                Assert.Equal(Text(authorization, "principal"), requirement.Principal);
            }
        }

        // Can start ⇔ the task runs, unless the agent stopped it for a reason IAM does not decide (a missing resource). A
        // denial of a call made only because a resource is missing (CreateLogGroup with awslogs-create-group) is, for the
        // advisor, which cannot know the group is missing, a denied requirement that does not block the start (a warning).
        var conditional = report.Requirements.Where(r => r.Condition == CallCondition.IfLogGroupMissing).Select(r => (r.Action, r.Resource)).ToHashSet();
        var agentDenied = authorizations.Concat(instanceAuthorizations).Where(a => !conditional.Contains((Text(a, "action"), Text(a, "resource")))).Append(assumed)
            .Any(a => Text(a, "decision") != "Allow");
        var status = task["lastStatus"]!.GetValue<string>();
        if (status == "RUNNING")
        {
            Assert.True(report.CanStart, $"{scenario}: RUNNING, but the advisor says it cannot start: {Errors(report)}");
        }
        else if (report.CanStart)
        {
            Assert.False(agentDenied, $"{scenario}: the advisor says it can start, the agent stopped it on a denial: {task["stoppedReason"]}");
        }

        if (agentDenied)
        {
            Assert.Equal("STOPPED", status);
            Assert.False(report.CanStart, $"{scenario}: the agent was denied, but the advisor says it can start");
        }
    }

    /// <summary>The advisor's resource is the agent's, or a pattern for it: a stream named after a container id the
    /// plan cannot know (EC2 without awslogs-stream-prefix) is <c>log-stream:*</c> in the plan.</summary>
    private static bool Covers(string? advised, string resource) =>
        advised == resource || (advised is not null && advised.EndsWith(":log-stream:*", StringComparison.Ordinal) && resource.StartsWith(advised[..^1], StringComparison.Ordinal));

    private string? InstanceRole(string scenario) =>
        fixture.Inputs[scenario]!["instance"]?["attributes"]?["stevedore.instance-role"]?.GetValue<string>();

    private HashSet<string> AwsManagedKeys => [.. fixture.Inputs["_awsManagedKeys"]!.AsArray().Select(k => k!.GetValue<string>())];

    private TaskReport Advise(string scenario)
    {
        var task = fixture.Results[scenario]!;
        var inputs = fixture.Inputs[scenario]!;
        var roleArn = task["executionRoleArn"]!.GetValue<string>();
        var definition = TaskDefinitionParser.Parse(new JsonObject { ["taskDefinition"] = inputs["taskDefinition"]!.DeepClone() }.ToJsonString());
        var endpoints = inputs["endpoints"]!.AsArray().Select(e => new VpcEndpoint(Text(e!, "service"), Text(e!, "id"),
            Text(e!, "type") == "Gateway" ? VpcEndpointKind.Gateway : VpcEndpointKind.Interface, e!["privateDns"]!.GetValue<bool>())).ToList();
        // The container instance as ECS describes it, read as the agent's LaunchContextFactory reads it.
        var attributes = inputs["instance"]?["attributes"]?.AsObject().ToDictionary(a => a.Key, a => a.Value?.GetValue<string>() ?? "", StringComparer.Ordinal) ?? [];
        const string Config = "stevedore.config/";
        var context = new LaunchContext
        {
            LaunchType = task["launchType"]?.GetValue<string>() switch { "EC2" => LaunchType.Ec2, "EXTERNAL" => LaunchType.External, _ => LaunchType.Fargate },
            AgentVersion = inputs["instance"]?["agentVersion"]?.GetValue<string>(),
            AgentConfiguration = attributes.Where(a => a.Key.StartsWith(Config, StringComparison.Ordinal)).ToDictionary(a => a.Key[Config.Length..], a => a.Value, StringComparer.Ordinal),
            AgentAttributes = attributes.Keys.Any(k => k.StartsWith("ecs.capability.", StringComparison.Ordinal) || k.StartsWith("com.amazonaws.ecs.capability.", StringComparison.Ordinal))
                ? attributes.Keys.ToHashSet(StringComparer.Ordinal)
                : null,
            InstanceRoleArn = attributes.GetValueOrDefault("stevedore.instance-role"),
            PlatformVersion = task["platformVersion"]?.GetValue<string>(),
            Account = Account,
            Region = Region,
            Cluster = task["cluster"]?.GetValue<string>() ?? task["taskArn"]!.GetValue<string>().Split('/')[^2],
            TaskId = task["taskId"]?.GetValue<string>() ?? "00000000000000000000000000000000",
            TaskArn = task["taskArn"]?.GetValue<string>(),
            ExecutionRoleArn = roleArn,
            Network = task["vpcId"]?.GetValue<string>() is { } vpc ? new LaunchNetwork(vpc, endpoints) : null,
        };
        var plan = LaunchPlanner.Build(definition, context);
        var kmsKeys = inputs["kmsKeys"]!.AsObject().ToDictionary(k => k.Key, k => k.Value!.GetValue<string>(), StringComparer.Ordinal);
        var repositoryPolicies = inputs["repositoryPolicies"]!.AsObject().ToDictionary(p => p.Key,
            p => p.Value is null ? null : PolicyCompiler.Compile(p.Value.ToJsonString(), PolicyType.Resource, $"{p.Key} (repository policy)"), StringComparer.Ordinal);
        // The instance role as IAM holds it, its session named after the container instance's EC2 instance id (as the agent's).
        var instanceRole = inputs["instance"]?["instanceRole"] is { } held ? Role(context.InstanceRoleArn!, held) : null;
        var instanceId = inputs["instance"]?["ec2InstanceId"]?.GetValue<string>() ?? AdvisorOptions.DefaultInstanceId;
        return TaskAdvisor.Check(plan, Role(roleArn, inputs["role"]), new AdvisorOptions
        {
            KmsKeys = kmsKeys,
            ResourcePolicies = repositoryPolicies,
            InstanceRole = instanceRole,
            InstanceId = instanceId,
        });
    }

    /// <summary>The role as IAM holds it. A role that does not exist is given as a trust policy with no statements: nothing
    /// trusts it, which is how the agent authorizes it (no trust policy: an implicit deny).</summary>
    private static RoleUnderTest Role(string arn, JsonNode? role)
    {
        if (role is null)
        {
            return new RoleUnderTest(PolicyCompiler.Compile(new PolicyDocument(PolicyDocument.Version2012, null, new EquatableArray<Statement>([]), true),
                PolicyType.Trust, $"{arn} (missing)"), []);
        }

        var identity = role["inline"]!.AsObject().Select(p => PolicyCompiler.Compile(p.Value!.ToJsonString(), PolicyType.Identity, $"{arn}/{p.Key}"))
            .Concat(role["attached"]!.AsObject().Select(p => PolicyCompiler.Compile(p.Value!.ToJsonString(), PolicyType.Identity, p.Key)))
            .ToList();
        var boundary = role["boundary"] is { } b ? PolicyCompiler.Compile(b.ToJsonString(), PolicyType.PermissionsBoundary, $"{arn} (boundary)") : null;
        return new RoleUnderTest(PolicyCompiler.Compile(role["trust"]!.ToJsonString(), PolicyType.Trust, $"{arn} (trust)"), identity, boundary);
    }

    /// <summary>The advisor's verdict in the trace's words (Allow, ImplicitDeny, ExplicitDeny).</summary>
    private static string Decision(Requirement requirement) => requirement.Verdict switch
    {
        Verdict.Allowed => "Allow",
        Verdict.Denied => requirement.Decision?.ToString() ?? "Denied",
        _ => "NotEvaluated",
    };

    private static string Errors(TaskReport report) =>
        string.Join("; ", report.Findings.Where(f => f.Level == FindingLevel.Error).Select(f => $"{f.Code}: {f.Message}"));

    private static string Text(JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";
}
