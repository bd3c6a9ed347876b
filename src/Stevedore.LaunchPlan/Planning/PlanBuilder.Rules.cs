using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>What the plan knows without calling anything: versions, registration rules, launch-type rules.</summary>
internal sealed partial class PlanBuilder
{
    private void ResolveVersions()
    {
        if (IsFargate)
        {
            _platform = PlatformVersions.Fargate(context.PlatformVersion);
            if (_platform is null)
            {
                Add(new PlanFinding("InvalidPlatformVersion", FindingSeverity.Error, FindingStage.Placement, Feature.ExecutionRole,
                    $"'{context.PlatformVersion}' is not a Fargate platform version", null));
            }

            return;
        }

        _agent = PlatformVersions.Agent(context.AgentVersion);
        if (_agent is null)
        {
            Add(new PlanFinding("InvalidAgentVersion", FindingSeverity.Error, FindingStage.Placement, Feature.ExecutionRole,
                $"'{context.AgentVersion}' is not a container agent version", null));
        }
    }

    /// <summary>A feature's minimum agent / platform version, or its capability attribute when the instance's are known.</summary>
    private void Gate(FeatureGate gate, string? path, string? container)
    {
        if (IsFargate)
        {
            if (gate.FargateMinimum is { } minimum && _platform is { } platform && platform < minimum)
            {
                Add(new PlanFinding(gate.Code, FindingSeverity.Error, FindingStage.Placement, gate.Feature,
                    $"{gate.Description} needs Fargate platform version {minimum} or later; the task runs on {platform}", path, Container: container));
            }

            return;
        }

        if (context.AgentAttributes is { } attributes && gate.Attribute is { } attribute)
        {
            if (!attributes.Contains(attribute))
            {
                Add(new PlanFinding(gate.Code, FindingSeverity.Error, FindingStage.Placement, gate.Feature,
                    $"{gate.Description} needs the container instance attribute {attribute} (agent {gate.AgentMinimum} or later); the instance does not have it",
                    path, Container: container));
            }

            return;
        }

        if (_agent is { } agent && agent < gate.AgentMinimum)
        {
            Add(new PlanFinding(gate.Code, FindingSeverity.Error, FindingStage.Placement, gate.Feature,
                $"{gate.Description} needs container agent {gate.AgentMinimum} or later; the instance runs {agent}", path, Container: container));
        }
    }

    /// <summary>RegisterTaskDefinition's refusals that concern the execution role (reference sheet §6.2).</summary>
    private void CheckRegistration()
    {
        if (definition.ExecutionRoleArn is not null)
        {
            return;
        }

        var fargate = definition.RequiresCompatibilities.Contains("FARGATE");
        foreach (var container in definition.Containers)
        {
            if (fargate && EcrImageReference.TryParse(container.Image.Value) is not null)
            {
                Add(new PlanFinding("FargateEcrImageNeedsExecutionRole", FindingSeverity.Error, FindingStage.Registration, Feature.EcrImage,
                    "a Fargate task definition with an Amazon ECR image needs executionRoleArn", container.Image.Path,
                    "Fargate requires task definition to have execution role ARN to support ECR images.", container.Name));
            }

            if (fargate && container.LogConfiguration is { LogDriver: "awslogs" } log)
            {
                Add(new PlanFinding("FargateAwslogsNeedsExecutionRole", FindingSeverity.Error, FindingStage.Registration, Feature.Awslogs,
                    "a Fargate task definition with the awslogs log driver needs executionRoleArn", JsonPaths.Member(log.Path, "logDriver"),
                    "Fargate requires task definition to have execution role ARN to support log driver awslogs.", container.Name));
            }

            if (container.Secrets.Count > 0)
            {
                Add(new PlanFinding("SecretsNeedExecutionRole", FindingSeverity.Error, FindingStage.Registration, Feature.SsmSecrets,
                    "container secrets need executionRoleArn", JsonPaths.Member(container.Path, "secrets"),
                    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.", container.Name));
            }
        }
    }

    /// <summary>The execution role's own gate, and the features that need it when the task has none.</summary>
    private void CheckExecutionRole()
    {
        if (IsFargate && !definition.RequiresCompatibilities.Contains("FARGATE"))
        {
            // RunTask's ClientException for a definition not marked FARGATE-compatible.
            Add(new PlanFinding("NotFargateCompatible", FindingSeverity.Error, FindingStage.Placement, Feature.ExecutionRole,
                "the task definition's requiresCompatibilities does not include FARGATE", JsonPaths.Member(definition.RootPath, "requiresCompatibilities"),
                "Task definition does not support launch_type FARGATE."));
        }

        if (_executionRole is not null)
        {
            Gate(FeatureGates.ExecutionRole, definition.ExecutionRoleArn?.Path, null);
            return;
        }

        // Without execution credentials the EC2 agent's resources fail with these texts (reference sheet §3.4).
        var ec2 = !IsFargate;
        foreach (var container in definition.Containers)
        {
            if (container.CredentialsParameter is { } credentials)
            {
                MissingRole(Feature.PrivateRegistryAuth, credentials.Path, container, ec2 ? "asm resource: unable to find execution role credentials" : null);
            }

            foreach (var secret in container.Secrets.Concat(container.LogConfiguration?.SecretOptions ?? []))
            {
                var source = SecretSources.ForValueFrom(secret.ValueFrom.Value, context.Region, context.Account, Partition);
                var (feature, text) = source is SecretsManagerSource
                    ? (Feature.SecretsManagerSecrets, "ASM secret resource: unable to find execution role credentials")
                    : (Feature.SsmSecrets, "ssm secret resource: unable to find execution role credentials");
                MissingRole(feature, secret.ValueFrom.Path, container, ec2 ? text : null);
            }

            foreach (var file in container.EnvironmentFiles)
            {
                MissingRole(Feature.EnvironmentFiles, file.Value.Path, container, ec2 ? "environment file resource: unable to find execution role credentials" : null);
            }

            if (ec2 && container.FirelensConfiguration is { } firelens && firelens.Options.TryGetValue(FirelensTypeOption, out var type) && type.Value == "s3")
            {
                MissingRole(Feature.FirelensConfig, type.Path, container, "unable to download firelens s3 config file: unable to get execution role credentials");
            }
        }
    }

    private void MissingRole(Feature feature, string path, ContainerDefinition container, string? ecsMessage) =>
        Add(new PlanFinding("ExecutionRoleMissing", FindingSeverity.Error, FindingStage.Launch, feature,
            $"{feature} needs a task execution role and the task has none", path, ecsMessage, container.Name));

    private void CheckLaunchTypeRules()
    {
        var engineAuth = context.AgentConfiguration.Keys.Where(k => k.StartsWith("ECS_ENGINE_AUTH_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (engineAuth.Length == 0)
        {
            return;
        }

        // ECS_ENGINE_AUTH_* is container-instance configuration; Fargate has none (private-auth-container-instances.md).
        Add(IsFargate
            ? new PlanFinding("EngineAuthIgnoredOnFargate", FindingSeverity.Warning, FindingStage.Advice, Feature.EngineAuth,
                $"{string.Join(", ", engineAuth)} is container-instance agent configuration and is ignored on Fargate: private registries need repositoryCredentials",
                null)
            : new PlanFinding("EngineAuthConfigured", FindingSeverity.Info, FindingStage.Advice, Feature.EngineAuth,
                $"{string.Join(", ", engineAuth)} authenticates pulls from the registries it names with static credentials (no IAM)", null));
    }
}
