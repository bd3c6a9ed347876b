namespace Stevedore.LaunchPlan.Plan;

/// <summary>The groups AWS performs a launch in (Fargate: §2.0.2 of the reference sheet; EC2 agent: §2.0.1).</summary>
public enum PlanStage
{
    /// <summary>Fargate's "execution resource retrieval": ECR auth token, private registry secret, SSM and Secrets Manager secrets.</summary>
    ExecutionResourceRetrieval,

    /// <summary>Fargate: downloading <c>environmentFiles</c> ("failed to download env files").</summary>
    EnvironmentFiles,

    /// <summary>EC2 agent: the task resources (asm-auth, ssmsecret, asmsecret, envfile, firelens), created in parallel.</summary>
    TaskResources,

    /// <summary>Pulling a container's image (EC2: the agent's ECR token first).</summary>
    ImagePull,

    /// <summary>Setting up the container's log driver (Fargate "failed to validate logger args"; EC2 container start).</summary>
    LoggerSetup,

    /// <summary>While the task runs (awslogs PutLogEvents): a failure here does not stop the task.</summary>
    Running,
}
