namespace Stevedore.LaunchPlan.Plan;

/// <summary>Whose credentials make a call.</summary>
public enum CallPrincipal
{
    /// <summary>The task execution role's session (<c>assumed-role/ROLE/TASKID</c>).</summary>
    ExecutionRole,

    /// <summary>The container instance's role (EC2/External: pulls without the execution role, awslogs without the override).</summary>
    InstanceRole,

    /// <summary>No IAM identity: a pre-signed URL minted by ECR (layer download); only a VPC endpoint policy applies.</summary>
    PresignedUrl,
}

/// <summary>When a call happens.</summary>
public enum CallCondition
{
    Always,

    /// <summary>Only when CreateLogStream answered ResourceNotFoundException and <c>awslogs-create-group</c> is true.</summary>
    IfLogGroupMissing,

    /// <summary>A side call a service makes to KMS on the principal's behalf, required only for a customer managed key.</summary>
    IfCustomerManagedKey,
}
