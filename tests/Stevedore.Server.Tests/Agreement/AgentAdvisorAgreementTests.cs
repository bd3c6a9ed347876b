using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Advisor;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Server.Tests.Launch;

namespace Stevedore.Server.Tests.Agreement;

/// <summary>
/// The launch world of <c>launch_scenarios.py</c> (its own server), each task's agent trace, and the advisor's inputs read
/// back from the same state through the API (<c>advisor_inputs.py</c>).
/// </summary>
public sealed class AgreementFixture : IAsyncLifetime
{
    public LaunchScenarioFixture World { get; } = new();

    public JsonObject Inputs { get; private set; } = [];

    public Dictionary<string, JsonObject> Traces { get; } = [];

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();
        var results = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(results, World.Results.ToJsonString());
            var stdout = World.Stevedore.Python(await File.ReadAllTextAsync(Script()), arguments: [results]).Succeeded().Stdout;
            Inputs = JsonNode.Parse(stdout)!.AsObject();
        }
        finally
        {
            File.Delete(results);
        }

        using var http = new HttpClient();
        foreach (var (name, scenario) in World.Results.Where(r => !r.Key.StartsWith('_')))
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
    ];

    public static TheoryData<string> Scenarios => new(ScenarioNames);

    [Fact]
    public void Every_launch_scenario_is_checked()
    {
        var run = fixture.World.Results.Select(r => r.Key).Where(k => !k.StartsWith('_')).Order(StringComparer.Ordinal);
        Assert.Equal(run, ScenarioNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_agent_and_the_advisor_agree(string scenario)
    {
        var task = fixture.World.Results[scenario]!;
        var trace = fixture.Traces[scenario];
        var report = Advise(scenario);
        var steps = trace["steps"]!.AsArray().Select(s => s!).ToList();

        // The role assumption: the same role, the same decision.
        var assumption = Assert.Single(report.Requirements, r => r.Kind == RequirementKind.RoleAssumption);
        var assumed = Assert.Single(Assert.Single(steps, s => Text(s, "kind") == "assume-role")["authorizations"]!.AsArray())!;
        Assert.Equal(Text(assumed, "resource"), assumption.Resource);
        Assert.Equal(Text(assumed, "principal"), assumption.Principal);
        Assert.Equal(Text(assumed, "decision"), Decision(assumption));

        // Every authorization the agent made for a planned call (the call's own and side ones such as kms:Decrypt).
        var authorizations = steps.Where(s => Text(s, "kind") == "call").SelectMany(s => s["authorizations"]!.AsArray()).Select(a => a!).ToList();
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

            var matches = report.Requirements.Where(r => r.Kind != RequirementKind.RoleAssumption && r.Action == action && r.Resource == resource).ToList();
            Assert.True(matches.Count > 0, $"{scenario}: the agent authorized {action} on {resource}; the advisor has no such requirement "
                + $"(it has: {string.Join(", ", report.Requirements.Select(r => $"{r.Action} on {r.Resource}"))})");
            foreach (var requirement in matches)
            {
                Assert.True(Text(authorization, "decision") == Decision(requirement),
                    $"{scenario}: {action} on {resource}: agent {Text(authorization, "decision")}, advisor {Decision(requirement)} ({requirement.Message})");
                Assert.Equal(Text(authorization, "principal"), requirement.Principal);
            }
        }

        // Can start ⇔ the task runs, unless the agent stopped it for a reason IAM does not decide (a missing resource).
        var agentDenied = authorizations.Append(assumed).Any(a => Text(a, "decision") != "Allow");
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

    private HashSet<string> AwsManagedKeys => [.. fixture.Inputs["_awsManagedKeys"]!.AsArray().Select(k => k!.GetValue<string>())];

    private TaskReport Advise(string scenario)
    {
        var task = fixture.World.Results[scenario]!;
        var inputs = fixture.Inputs[scenario]!;
        var roleArn = task["executionRoleArn"]!.GetValue<string>();
        var definition = TaskDefinitionParser.Parse(new JsonObject { ["taskDefinition"] = inputs["taskDefinition"]!.DeepClone() }.ToJsonString());
        var endpoints = inputs["endpoints"]!.AsArray().Select(e => new VpcEndpoint(Text(e!, "service"), Text(e!, "id"),
            Text(e!, "type") == "Gateway" ? VpcEndpointKind.Gateway : VpcEndpointKind.Interface, e!["privateDns"]!.GetValue<bool>())).ToList();
        var context = new LaunchContext
        {
            LaunchType = LaunchType.Fargate,
            PlatformVersion = task["platformVersion"]?.GetValue<string>(),
            Account = Account,
            Region = Region,
            Cluster = "launch",
            TaskId = task["taskId"]!.GetValue<string>(),
            TaskArn = task["taskArn"]!.GetValue<string>(),
            ExecutionRoleArn = roleArn,
            Network = new LaunchNetwork(task["vpcId"]!.GetValue<string>(), endpoints),
        };
        var plan = LaunchPlanner.Build(definition, context);
        var kmsKeys = inputs["kmsKeys"]!.AsObject().ToDictionary(k => k.Key, k => k.Value!.GetValue<string>(), StringComparer.Ordinal);
        return TaskAdvisor.Check(plan, Role(roleArn, inputs["role"]), new AdvisorOptions { KmsKeys = kmsKeys });
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
