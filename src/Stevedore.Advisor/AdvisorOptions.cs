using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>What the advisor knows beyond the plan and the role.</summary>
public sealed record AdvisorOptions
{
    public static AdvisorOptions Default { get; } = new();

    /// <summary>
    /// Customer managed KMS keys that encrypt secrets or parameters: the secret/parameter ARN or name (as in
    /// <c>valueFrom</c>, or the plan's resource) → key ARN. Side calls to <c>kms:Decrypt</c> are evaluated only for these;
    /// for other secrets the key is unknown (the AWS managed key needs no grant).
    /// </summary>
    public IReadOnlyDictionary<string, string> KmsKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Resource policies of resources in another account (e.g. an ECR repository ARN → its repository policy, null when
    /// it has none). A cross-account call on a listed resource is decided as AWS does: the identity side and the resource
    /// policy must both allow. An unlisted cross-account resource is decided by the identity side alone (noted).
    /// </summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    public IReadOnlyDictionary<string, CompiledPolicy?> ResourcePolicies { get; init; } = new Dictionary<string, CompiledPolicy?>();

    /// <summary>
    /// Log groups known not to exist (<c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME</c>): with <c>awslogs-create-group</c>
    /// the agent then calls <c>CreateLogGroup</c> and retries <c>CreateLogStream</c>, and a denial of either stops the task
    /// (reference sheet §2(b)); for other groups those calls stay conditional warnings.
    /// </summary>
    public IReadOnlySet<string> MissingLogGroups { get; init; } = new HashSet<string>();

    /// <summary>The placeholder EC2 instance id, as the simulated agent uses when the container instance has none.</summary>
    public const string DefaultInstanceId = "i-00000000000000000";

    /// <summary>The instance role's name when the plan does not know it (<c>arn:PARTITION:iam::ACCOUNT:role/ecsInstanceRole</c>).</summary>
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
    public const string DefaultInstanceRoleName = "ecsInstanceRole";

    /// <summary>
    /// The EC2/External container instance role's identity policies (and boundary; its trust policy is not used): when
    /// given, the calls the plan makes with the instance role (awslogs without <c>ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE</c>,
    /// pulls without the execution-role capability) are evaluated as its session; null = not evaluated.
    /// </summary>
    public RoleUnderTest? InstanceRole { get; init; }

    /// <summary>The instance role's session name: the EC2 instance id (the agent's session for the instance profile).</summary>
    public string InstanceId { get; init; } = DefaultInstanceId;
}
