using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>Private Amazon ECR images (reference sheet §2(a), §2(g)).</summary>
internal sealed partial class PlanBuilder
{
    private IEnumerable<(ContainerDefinition Container, EcrImageReference Image)> EcrImages() =>
        definition.Containers
            .Select(c => (Container: c, Image: EcrImageReference.TryParse(c.Image.Value)))
            .Where(x => x.Image is not null)
            .Select(x => (x.Container, x.Image!));

    /// <summary>Who pulls: Fargate always the execution role; the EC2 agent the execution role when the task has one and
    /// the agent advertises <c>ecs.capability.execution-role-ecr-pull</c> (≥ 1.16.0), else the instance role.</summary>
    private CallPrincipal EcrPrincipal()
    {
        if (IsFargate)
        {
            return CallPrincipal.ExecutionRole;
        }

        var capable = context.AgentAttributes is { } attributes
            ? attributes.Contains(FeatureGates.ExecutionRole.Attribute!)
            : _agent is null || _agent >= FeatureGates.ExecutionRole.AgentMinimum;
        return _executionRole is not null && capable ? CallPrincipal.ExecutionRole : CallPrincipal.InstanceRole;
    }

    // Fargate fetches the registry auth during "execution resource retrieval", once per registry, through the
    // Fargate-owned network interface: GetAuthorizationToken carries no aws:SourceVpc/aws:SourceVpce
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html#task-execution-ecr-conditionkeys).
    private IEnumerable<PlannedCall> FargateTokens() =>
        EcrImages()
            .GroupBy(x => (x.Image.Region, x.Image.RegistryId))
            .Select(g => TokenCall(g.Key.Region, g.Key.RegistryId, CallPrincipal.ExecutionRole, PlanStage.ExecutionResourceRetrieval,
                g.Select(x => x.Container.Image.Path).ToArray(), g.Count() == 1 ? g.First().Container.Name : null));

    private PlannedCall TokenCall(string region, string registryId, CallPrincipal principal, PlanStage stage, IReadOnlyList<string> paths, string? container)
    {
        // GetAuthorizationToken has no resource type: it is evaluated on "*".
        var call = NewCall(stage, Feature.EcrImage, "ecr", "GetAuthorizationToken", ["*"], region, principal, "ecr.api",
            new JsonObject { ["registryIds"] = Strings([registryId]) }, paths, container);
        return IsFargate ? call : Routed(call);
    }

    /// <summary>A container's pull: (EC2: the agent's token, once per registry and role) the manifest, the layers, the
    /// layers' pre-signed S3 download.</summary>
    private List<PlannedCall> PullCalls(ContainerDefinition container, HashSet<string>? tokensSeen)
    {
        var calls = new List<PlannedCall>();
        if (EcrImageReference.TryParse(container.Image.Value) is not { } image)
        {
            return calls;
        }

        var principal = EcrPrincipal();
        var paths = new[] { container.Image.Path };
        if (tokensSeen is not null && tokensSeen.Add($"{image.Region}/{image.RegistryId}/{principal}"))
        {
            calls.Add(TokenCall(image.Region, image.RegistryId, principal, PlanStage.ImagePull, paths, container.Name));
        }

        var repositoryArn = $"arn:{Partitions.Of(image.Region)}:ecr:{image.Region}:{image.RegistryId}:repository/{image.Repository}";
        var imageId = image.Digest is not null ? new JsonObject { ["imageDigest"] = image.Digest } : new JsonObject { ["imageTag"] = image.Tag };
        calls.Add(Routed(NewCall(PlanStage.ImagePull, Feature.EcrImage, "ecr", "BatchGetImage", [repositoryArn], image.Region, principal, "ecr.dkr",
            new JsonObject
            {
                ["registryId"] = image.RegistryId,
                ["repositoryName"] = image.Repository,
                ["imageIds"] = new JsonArray(imageId),
            }, paths, container.Name)));

        // One call per layer the host does not have; the digests come from the manifest.
        calls.Add(Routed(NewCall(PlanStage.ImagePull, Feature.EcrImage, "ecr", "GetDownloadUrlForLayer", [repositoryArn], image.Region, principal, "ecr.dkr",
            new JsonObject { ["registryId"] = image.RegistryId, ["repositoryName"] = image.Repository }, paths, container.Name)));

        // Layers download from ECR's S3 bucket with a URL ECR pre-signs: no IAM identity, only an S3 gateway endpoint's
        // policy applies (interface endpoints for S3 cannot serve it) (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
        var layerBucket = $"arn:{Partitions.Of(image.Region)}:s3:::prod-{image.Region}-starport-layer-bucket/*";
        calls.Add(Routed(NewCall(PlanStage.ImagePull, Feature.EcrImage, "s3", "GetObject", [layerBucket], image.Region, CallPrincipal.PresignedUrl, "s3",
            null, paths, container.Name), interfaceAllowed: false));
        return calls;
    }
}
