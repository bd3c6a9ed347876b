using Stevedore.Cloud.Ec2;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Network;
using Stevedore.LaunchPlan.Context;
using Stevedore.Storage;

namespace Stevedore.Agent;

/// <summary>Resolves what the launch plan needs from the task ECS placed: launch type, versions, the container instance's
/// configuration and attributes, and the task VPC's endpoints (from the EC2 service's store).</summary>
public static class LaunchContextFactory
{
    /// <summary>The endpoint services an execution-role call can go through.</summary>
    private static readonly string[] EndpointServices = ["ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "ssm", "kms"];

    public static LaunchContext From(TaskLaunch launch)
    {
        var instance = launch.ContainerInstance;
        var taskArn = launch.Task["taskArn"]?.GetValue<string>();
        var clusterArn = launch.Task["clusterArn"]?.GetValue<string>() ?? "default";
        return new LaunchContext
        {
            LaunchType = launch.LaunchType switch
            {
                "FARGATE" => LaunchType.Fargate,
                "EXTERNAL" => LaunchType.External,
                _ => LaunchType.Ec2,
            },
            PlatformVersion = launch.PlatformVersion,
            AgentVersion = instance?.AgentVersion,
            AgentConfiguration = instance?.Config ?? new Dictionary<string, string>(),
            AgentAttributes = instance is not null && instance.Attributes.Keys.Any(IsCapability)
                ? instance.Attributes.Keys.ToHashSet(StringComparer.Ordinal)
                : null,
            Account = launch.Account,
            Region = launch.Region,
            Cluster = clusterArn[(clusterArn.LastIndexOf('/') + 1)..],
            TaskId = launch.TaskId,
            TaskArn = taskArn,
            ExecutionRoleArn = launch.ExecutionRoleArn,
            InstanceRoleArn = instance?.InstanceRoleArn,
            Network = launch.Network is { } network ? Network(launch.Context.Store, launch.Account, launch.Region, network.VpcId) : null,
        };
    }

    /// <summary>The VPC and the endpoints its calls go through: the same resolution the pipeline makes for each request.</summary>
    public static LaunchNetwork Network(IStateStore store, string account, string region, string vpcId)
    {
        var endpoints = new List<VpcEndpoint>();
        foreach (var service in EndpointServices)
        {
            if (VpcEndpointDirectory.Resolve(store, account, region, vpcId, service) is { } origin)
            {
                var record = Ec2Store.Find(store, account, region, Ec2Store.Endpoints, origin.VpcEndpointId);
                var gateway = record?["VpcEndpointType"]?.GetValue<string>() == "Gateway";
                endpoints.Add(new VpcEndpoint(service, origin.VpcEndpointId, gateway ? VpcEndpointKind.Gateway : VpcEndpointKind.Interface));
            }
        }

        return new LaunchNetwork(vpcId, endpoints);
    }

    private static bool IsCapability(string name) =>
        name.StartsWith("ecs.capability.", StringComparison.Ordinal) || name.StartsWith("com.amazonaws.ecs.capability.", StringComparison.Ordinal);
}
