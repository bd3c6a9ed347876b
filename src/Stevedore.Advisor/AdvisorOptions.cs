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
}
