using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Matching;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>One plan being built: the order rules per launch type (reference sheet §2.0.1, §2.0.2).</summary>
internal sealed partial class PlanBuilder(TaskDefinition definition, LaunchContext context)
{
    private readonly List<PlanFinding> _findings = [];
    private readonly List<PlanPhase> _phases = [];
    private readonly string? _executionRole = context.ExecutionRoleArn ?? definition.ExecutionRoleArn?.Value;
    private Version? _platform;
    private Version? _agent;

    private bool IsFargate => context.LaunchType == LaunchType.Fargate;

    private string Partition => context.Partition;

    public TaskLaunchPlan Build()
    {
        ResolveVersions();
        CheckRegistration();
        CheckExecutionRole();
        if (IsFargate)
        {
            BuildFargate();
        }
        else
        {
            BuildInstance();
        }

        CheckLaunchTypeRules();
        return new TaskLaunchPlan(definition, context, _executionRole, _platform, _agent, Assumption(), Numbered(), _findings.ToArray());
    }

    // Fargate: execution resource retrieval (ECR token, registry secret, SSM, Secrets Manager), then env files,
    // then each container's pull, then each container's logger (reference sheet §2.0.2).
    private void BuildFargate()
    {
        var retrieval = new List<PlannedCall>();
        retrieval.AddRange(FargateTokens());
        retrieval.AddRange(RegistryAuthCalls(PlanStage.ExecutionResourceRetrieval));
        retrieval.AddRange(SsmCalls(PlanStage.ExecutionResourceRetrieval));
        retrieval.AddRange(SecretsManagerCalls(PlanStage.ExecutionResourceRetrieval));
        AddPhase(PlanStage.ExecutionResourceRetrieval, null, false, retrieval);
        AddPhase(PlanStage.EnvironmentFiles, null, false, EnvironmentFileCalls(PlanStage.EnvironmentFiles));
        FirelensCalls(PlanStage.TaskResources);
        foreach (var container in definition.Containers)
        {
            AddPhase(PlanStage.ImagePull, container.Name, false, PullCalls(container, null));
        }

        AddLoggerPhases();
    }

    // EC2/External agent: the task resources in parallel (asm-auth, ssmsecret, asmsecret, envfile, firelens), then per
    // container the agent's ECR token and the pull, then the container start with its log driver (§2.0.1).
    private void BuildInstance()
    {
        var resources = new List<PlannedCall>();
        resources.AddRange(RegistryAuthCalls(PlanStage.TaskResources));
        resources.AddRange(SsmCalls(PlanStage.TaskResources));
        resources.AddRange(SecretsManagerCalls(PlanStage.TaskResources));
        resources.AddRange(EnvironmentFileCalls(PlanStage.TaskResources));
        resources.AddRange(FirelensCalls(PlanStage.TaskResources));
        AddPhase(PlanStage.TaskResources, null, true, resources);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in definition.Containers)
        {
            AddPhase(PlanStage.ImagePull, container.Name, false, PullCalls(container, tokens));
        }

        AddLoggerPhases();
    }

    private void AddLoggerPhases()
    {
        var running = new List<PlannedCall>();
        foreach (var container in definition.Containers)
        {
            var (setup, run) = AwslogsCalls(container);
            AddPhase(PlanStage.LoggerSetup, container.Name, false, setup);
            running.AddRange(run);
        }

        AddPhase(PlanStage.Running, null, true, running);
    }

    private void AddPhase(PlanStage stage, string? container, bool parallel, IReadOnlyList<PlannedCall> calls)
    {
        if (calls.Count > 0)
        {
            _phases.Add(new PlanPhase(stage, container, parallel, calls));
        }
    }

    private PlanPhase[] Numbered()
    {
        var sequence = 0;
        return _phases.Select(phase => phase with
        {
            Calls = phase.Calls.Select(call =>
            {
                sequence++;
                return call with { Sequence = sequence, SideCalls = call.SideCalls.Select(s => s with { Sequence = sequence }).ToArray() };
            }).ToArray(),
        }).ToArray();
    }

    private RoleAssumption? Assumption()
    {
        if (_executionRole is null)
        {
            return null;
        }

        var name = RoleName(_executionRole);
        var account = ArnParts.Account(_executionRole) ?? context.Account;
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws:SourceAccount"] = context.Account,
            ["aws:SourceArn"] = context.EffectiveTaskArn,
        };
        var path = context.ExecutionRoleArn is null || context.ExecutionRoleArn == definition.ExecutionRoleArn?.Value
            ? definition.ExecutionRoleArn?.Path
            : null;
        return new RoleAssumption(_executionRole, name, context.TaskId, $"arn:{Partition}:sts::{account}:assumed-role/{name}/{context.TaskId}", keys, path);
    }

    /// <summary>The role name of a role ARN: the last path segment.</summary>
    internal static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    private string? PrincipalArn(CallPrincipal principal) => principal switch
    {
        CallPrincipal.ExecutionRole => _executionRole,
        CallPrincipal.InstanceRole => context.InstanceRoleArn,
        _ => null,
    };

    private string PrincipalAccount(CallPrincipal principal) =>
        (PrincipalArn(principal) is { } arn ? ArnParts.Account(arn) : null) ?? context.Account;

    private PlannedCall NewCall(PlanStage stage, Feature feature, string service, string operation, IReadOnlyList<string> resources,
        string region, CallPrincipal principal, string endpointService, JsonObject? request, IReadOnlyList<string> paths, string? container) =>
        new()
        {
            Sequence = 0,
            Stage = stage,
            Feature = feature,
            Service = service,
            Operation = operation,
            Action = $"{service}:{operation}",
            Resources = resources,
            Region = region,
            Principal = principal,
            PrincipalRoleArn = PrincipalArn(principal),
            EndpointService = endpointService,
            Request = request,
            JsonPaths = paths,
            Container = container,
        };

    /// <summary>Routes a call through the VPC's endpoint for its service when there is one in the call's region.</summary>
    private PlannedCall Routed(PlannedCall call, bool interfaceAllowed = true)
    {
        if (context.Network is not { } network || call.Region != context.Region || call.EndpointService is not { } service
            || network.Route(service, interfaceAllowed) is not { } endpoint)
        {
            return call;
        }

        var keys = new Dictionary<string, string>(call.ContextKeys, StringComparer.Ordinal)
        {
            ["aws:SourceVpc"] = network.VpcId,
            ["aws:SourceVpce"] = endpoint.Id,
        };
        return call with { VpcEndpointId = endpoint.Id, ContextKeys = keys };
    }

    private void Add(PlanFinding finding)
    {
        if (!_findings.Any(f => f.Code == finding.Code && f.JsonPath == finding.JsonPath && f.Container == finding.Container))
        {
            _findings.Add(finding);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
