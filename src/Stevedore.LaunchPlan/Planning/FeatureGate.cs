using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>A feature's minimum EC2 agent and Fargate platform versions and the agent capability attribute that
/// advertises it (reference sheet §5).</summary>
/// <param name="FargateMinimum">Null when Fargate does not support the feature at all.</param>
public sealed record FeatureGate(string Code, Feature Feature, string Description, Version AgentMinimum, Version? FargateMinimum, string? Attribute);

/// <summary>The gates of §5, each with its source.</summary>
public static class FeatureGates
{
    // CHANGELOG 1.16.0; task_execution_IAM_role.md
    public static readonly FeatureGate ExecutionRole = new("ExecutionRoleVersion", Feature.ExecutionRole,
        "A task execution role", new(1, 16, 0), new(1, 0, 0), "ecs.capability.execution-role-ecr-pull");

    // using_awslogs.md
    public static readonly FeatureGate Awslogs = new("AwslogsVersion", Feature.Awslogs,
        "The awslogs log driver", new(1, 9, 0), new(1, 0, 0), "com.amazonaws.ecs.capability.logging-driver.awslogs");

    // README.md (ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE)
    public static readonly FeatureGate AwslogsExecutionRole = new("AwslogsExecutionRoleVersion", Feature.Awslogs,
        "awslogs with the execution role", new(1, 16, 0), new(1, 0, 0), "ecs.capability.execution-role-awslogs");

    // CHANGELOG 1.19.0; private-auth.md
    public static readonly FeatureGate PrivateRegistryAuth = new("PrivateRegistryAuthVersion", Feature.PrivateRegistryAuth,
        "repositoryCredentials (private registry authentication)", new(1, 19, 0), new(1, 2, 0),
        "ecs.capability.private-registry-authentication.secretsmanager");

    // CHANGELOG 1.22.0; specifying-sensitive-data-parameters.md
    public static readonly FeatureGate SsmSecrets = new("SsmSecretsVersion", Feature.SsmSecrets,
        "Secrets from SSM Parameter Store", new(1, 22, 0), new(1, 3, 0), "ecs.capability.secrets.ssm.environment-variables");

    // CHANGELOG 1.23.0 (the docs say 1.22.0; code history wins)
    public static readonly FeatureGate SecretsManagerSecrets = new("SecretsManagerSecretsVersion", Feature.SecretsManagerSecrets,
        "Secrets from Secrets Manager", new(1, 23, 0), new(1, 3, 0), "ecs.capability.secrets.asm.environment-variables");

    // CHANGELOG 1.27.0; platform-linux-fargate.md
    public static readonly FeatureGate SsmLogSecrets = new("SsmLogSecretsVersion", Feature.SsmSecrets,
        "Log driver secretOptions from SSM Parameter Store", new(1, 27, 0), new(1, 3, 0), "ecs.capability.secrets.ssm.bootstrap.log-driver");

    // CHANGELOG 1.27.0; platform-linux-fargate.md
    public static readonly FeatureGate SecretsManagerLogSecrets = new("SecretsManagerLogSecretsVersion", Feature.SecretsManagerSecrets,
        "Log driver secretOptions from Secrets Manager", new(1, 27, 0), new(1, 3, 0), "ecs.capability.secrets.asm.bootstrap.log-driver");

    // CHANGELOG 1.37.0; specifying-sensitive-data-secrets.md
    public static readonly FeatureGate SecretsManagerSuffix = new("SecretsManagerJsonKeyVersion", Feature.SecretsManagerSecrets,
        "Secrets Manager json-key, version-stage or version-id", new(1, 37, 0), new(1, 4, 0), null);

    // CHANGELOG 1.39.0; taskdef-envfiles.md
    public static readonly FeatureGate EnvironmentFiles = new("EnvironmentFilesVersion", Feature.EnvironmentFiles,
        "environmentFiles", new(1, 39, 0), new(1, 4, 0), "ecs.capability.env-files.s3");

    // CHANGELOG 1.31.0; firelens-taskdef.md (Fargate: file only)
    public static readonly FeatureGate FirelensS3Config = new("FirelensS3ConfigVersion", Feature.FirelensConfig,
        "A FireLens configuration file in S3", new(1, 31, 0), null, "ecs.capability.firelens.options.config.s3");
}
