namespace Stevedore.LaunchPlan.Plan;

/// <summary>The task-definition feature a call or finding belongs to.</summary>
public enum Feature
{
    /// <summary><c>executionRoleArn</c> itself (the role assumption, the agent's support for execution roles).</summary>
    ExecutionRole,

    /// <summary>A container <c>image</c> in a private Amazon ECR registry.</summary>
    EcrImage,

    /// <summary><c>repositoryCredentials</c>: private registry authentication from Secrets Manager.</summary>
    PrivateRegistryAuth,

    /// <summary><c>secrets</c> / <c>secretOptions</c> from SSM Parameter Store.</summary>
    SsmSecrets,

    /// <summary><c>secrets</c> / <c>secretOptions</c> from Secrets Manager.</summary>
    SecretsManagerSecrets,

    /// <summary><c>environmentFiles</c> from S3.</summary>
    EnvironmentFiles,

    /// <summary><c>firelensConfiguration</c> with its configuration file in S3.</summary>
    FirelensConfig,

    /// <summary>The <c>awslogs</c> log driver.</summary>
    Awslogs,

    /// <summary>Registry authentication from the agent configuration (<c>ECS_ENGINE_AUTH_*</c>).</summary>
    EngineAuth,
}
