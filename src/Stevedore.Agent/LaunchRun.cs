using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Sts;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.LaunchPlan.Stopping;

namespace Stevedore.Agent;

/// <summary>One launch: the plan, the sessions it runs as, and the state its conditional calls depend on.</summary>
internal sealed partial class LaunchRun(SimulatedAgent agent, TaskLaunch launch, LaunchContext context, LaunchTrace trace)
{
    /// <summary>The EC2 instance role's service principal (the instance profile).</summary>
    private const string Ec2ServicePrincipal = "ec2.amazonaws.com";

    private readonly Dictionary<CallPrincipal, SigV4Signer.Credentials?> _credentials = [];
    private readonly HashSet<string> _groupMissing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _layers = new(StringComparer.Ordinal);
    private TaskLaunchPlan _plan = null!;

    public TaskLaunchOutcome Run()
    {
        var definition = TaskDefinitionParser.Parse(launch.TaskDefinition.ToJsonString());
        _plan = LaunchPlanner.Build(definition, context);
        var header = trace.Header;
        header["taskId"] = launch.TaskId;
        header["cluster"] = context.Cluster;
        header["launchType"] = launch.LaunchType;
        header["platformVersion"] = _plan.PlatformVersion?.ToString();
        header["agentVersion"] = context.LaunchType == LaunchType.Fargate ? null : _plan.AgentVersion?.ToString();
        header["executionRoleArn"] = _plan.ExecutionRoleArn;
        header["sessionArn"] = _plan.Assumption?.SessionArn;
        header["containerInstanceArn"] = launch.ContainerInstance?.Arn;
        header["vpcId"] = context.Network?.VpcId;
        header["vpcEndpoints"] = context.Network is { } network
            ? new JsonArray([.. network.Endpoints.Select(e => (JsonNode?)$"{e.Service}={e.Id} ({e.Kind})")])
            : null;

        foreach (var finding in _plan.Findings)
        {
            trace.Finding(finding.Code, finding.Severity.ToString(), finding.Stage.ToString(), finding.EcsMessage ?? finding.Message);
        }

        foreach (var finding in _plan.Findings)
        {
            if (StopReasons.ForFinding(_plan, finding) is { } stop)
            {
                return Outcome(stop);
            }
        }

        if (_plan.Assumption is { } assumption && AssumeExecutionRole(assumption) is { } refused)
        {
            return Outcome(refused);
        }

        foreach (var phase in _plan.Phases)
        {
            foreach (var call in phase.Calls)
            {
                if (Execute(call) is { } failure && StopReasons.ForCall(_plan, call, failure) is { } stop)
                {
                    return Outcome(stop);
                }
            }
        }

        return TaskLaunchOutcome.Running;
    }

    /// <summary>ECS assumes the execution role as <c>ecs-tasks.amazonaws.com</c> (reference sheet §1.3); a refusal, or a
    /// role that does not exist, stops the task with ECS's text.</summary>
    private TaskStop? AssumeExecutionRole(RoleAssumption assumption)
    {
        using var step = trace.Begin("assume-role", RoleAssumption.Action);
        step.Set("principal", RoleAssumption.ServicePrincipal).Set("resource", assumption.RoleArn).Set("sessionArn", assumption.SessionArn);
        try
        {
            var session = StsService.AssumeRoleAsService(agent.Store, agent.Authorizer, RoleAssumption.ServicePrincipal, assumption.RoleArn,
                assumption.SessionName, assumption.ContextKeys, agent.Clock.GetUtcNow(), step);
            _credentials[CallPrincipal.ExecutionRole] = new(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
            step.Succeeded();
            return null;
        }
        catch (AwsServiceException error)
        {
            step.Failed(new ServiceError(error.Code, error.Message, error.HttpStatus));
            return StopReasons.ForRoleAssumption(assumption.RoleArn);
        }
    }

    /// <summary>The credentials a principal's calls are signed with: the execution role's session, or the instance
    /// role's (assumed as <c>ec2.amazonaws.com</c> the first time it is needed); null when there are none.</summary>
    private SigV4Signer.Credentials? CredentialsFor(CallPrincipal principal, LaunchTrace.Step step)
    {
        if (_credentials.TryGetValue(principal, out var known))
        {
            return known;
        }

        SigV4Signer.Credentials? credentials = null;
        if (principal == CallPrincipal.InstanceRole && context.InstanceRoleArn is { } role)
        {
            try
            {
                var instanceId = launch.ContainerInstance?.Ec2InstanceId is { Length: > 0 } id ? id : "i-00000000000000000";
                var session = StsService.AssumeRoleAsService(agent.Store, agent.Authorizer, Ec2ServicePrincipal, role, instanceId,
                    new Dictionary<string, string>(), agent.Clock.GetUtcNow(), step);
                credentials = new(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
            }
            catch (AwsServiceException)
            {
                credentials = null;
            }
        }

        _credentials[principal] = credentials;
        return credentials;
    }

    private static TaskLaunchOutcome Outcome(TaskStop stop) => new(
        "STOPPED",
        stop.StopCode,
        stop.StoppedReason,
        stop.Container is { } container && stop.ContainerReason is { } reason ? new Dictionary<string, string> { [container] = reason } : null);

    /// <summary>The network origin of a call: through the VPC (its endpoint applies) only when the plan routes it there.</summary>
    private RequestOrigin Origin(PlannedCall call, LaunchTrace.Step step) =>
        new(SourceIp: null, SecureTransport: true, SourceVpc: call.VpcEndpointId is not null ? context.Network?.VpcId : null, step);
}
