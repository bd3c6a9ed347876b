namespace Stevedore.Policy.Evaluation;

/// <summary>How the resource's own policy takes part in the decision.</summary>
public enum ResourcePolicyKind
{
    /// <summary>An ordinary resource policy: in the same account, it or the identity side may allow.</summary>
    Standard,

    /// <summary>A role trust policy: it must allow <c>sts:AssumeRole*</c> explicitly, even in the same account.</summary>
    Trust,

    /// <summary>A KMS key policy: it must allow; a grant to the account root delegates to IAM policies.</summary>
    KeyPolicy,
}

/// <summary>Every policy that applies to one request, compiled.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
public sealed class PolicySet
{
    public IReadOnlyList<CompiledPolicy> Identity { get; init; } = [];

    public CompiledPolicy? ResourcePolicy { get; init; }

    public ResourcePolicyKind ResourcePolicyKind { get; init; } = ResourcePolicyKind.Standard;

    public CompiledPolicy? PermissionsBoundary { get; init; }

    /// <summary>Session policies passed when the session was made; null when none were (a role session then keeps the role's permissions).</summary>
    public IReadOnlyList<CompiledPolicy>? SessionPolicies { get; init; }

    /// <summary>SCPs by level (root, each OU, the account): every level must allow. Empty when the account is not governed by SCPs.</summary>
    public IReadOnlyList<IReadOnlyList<CompiledPolicy>> ServiceControlPolicies { get; init; } = [];

    /// <summary>RCPs on the resource's account by level. Deny-only: RCPFullAWSAccess is implied at every level.</summary>
    public IReadOnlyList<IReadOnlyList<CompiledPolicy>> ResourceControlPolicies { get; init; } = [];

    /// <summary>The policy of the VPC endpoint the request came through, if any.</summary>
    public CompiledPolicy? VpcEndpointPolicy { get; init; }

    /// <summary>
    /// Whether the set holds no policy at all (an account root with nothing on the resource, say): then no condition
    /// can read the request context, and the decision depends on the principal alone.
    /// </summary>
    public bool HoldsNoPolicy =>
        Identity.Count == 0 && ResourcePolicy is null && PermissionsBoundary is null && SessionPolicies is null &&
        ServiceControlPolicies.Count == 0 && ResourceControlPolicies.Count == 0 && VpcEndpointPolicy is null;

    /// <summary>
    /// Whether any policy of the set can read the request context key <paramref name="key"/> (in a condition or as a
    /// policy variable): a key no policy reads cannot change the decision or its explanation.
    /// </summary>
    public bool Reads(string key) =>
        AnyReads(Identity, key) ||
        ResourcePolicy?.Reads(key) == true || PermissionsBoundary?.Reads(key) == true || VpcEndpointPolicy?.Reads(key) == true ||
        (SessionPolicies is not null && AnyReads(SessionPolicies, key)) ||
        AnyReads(ServiceControlPolicies, key) || AnyReads(ResourceControlPolicies, key);

    // Index loops, no closures: this runs for every key a request sets.
    private static bool AnyReads(IReadOnlyList<CompiledPolicy> policies, string key)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            if (policies[i].Reads(key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyReads(IReadOnlyList<IReadOnlyList<CompiledPolicy>> levels, string key)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            if (AnyReads(levels[i], key))
            {
                return true;
            }
        }

        return false;
    }
}
