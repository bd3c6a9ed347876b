namespace Stevedore.Policy.Parsing;

/// <summary>IAM's policy size quotas. Whitespace is not counted.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
public static class PolicySizeLimits
{
    public const int ManagedPolicy = 6144;
    public const int RoleInlineAggregate = 10240;
    public const int UserInlineAggregate = 2048;
    public const int GroupInlineAggregate = 5120;
    public const int TrustPolicy = 2048;

    /// <summary>The size IAM counts: every character except whitespace.</summary>
    public static int CountedLength(string json)
    {
        var count = 0;
        foreach (var c in json)
        {
            if (!char.IsWhiteSpace(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A managed policy (CreatePolicy, CreatePolicyVersion).</summary>
    public static PolicyError? CheckManaged(string json, int quota = ManagedPolicy) =>
        CountedLength(json) > quota ? Limit(string.Format(PolicyMessages.PolicySize, quota)) : null;

    /// <summary>A role trust policy (CreateRole, UpdateAssumeRolePolicy); the quota is the account's ACLSizePerRole.</summary>
    public static PolicyError? CheckTrust(string json, int quota = TrustPolicy) =>
        CountedLength(json) > quota ? Limit(string.Format(PolicyMessages.AclSizePerRole, quota)) : null;

    /// <summary>All inline policies of a role together (PutRolePolicy counts the new one with the others).</summary>
    public static PolicyError? CheckRoleInline(IEnumerable<string> inlinePolicies, string roleName) =>
        inlinePolicies.Sum(CountedLength) > RoleInlineAggregate
            ? Limit(string.Format(PolicyMessages.RolePolicySize, RoleInlineAggregate, roleName))
            : null;

    /// <summary>All inline policies of a user together.</summary>
    public static PolicyError? CheckUserInline(IEnumerable<string> inlinePolicies, string userName) =>
        inlinePolicies.Sum(CountedLength) > UserInlineAggregate
            ? Limit($"Maximum policy size of {UserInlineAggregate} bytes exceeded for user {userName}")
            : null;

    private static PolicyError Limit(string message) => new(PolicyError.LimitExceeded, message, "");
}
