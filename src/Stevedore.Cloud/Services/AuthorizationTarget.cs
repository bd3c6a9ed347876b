using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Services;

/// <summary>What an operation is authorized against: the IAM action, the resource, and the resource's own policy.</summary>
/// <param name="ResourceAccount">The resource owner when it is not in the ARN (or differs from the caller's account).</param>
/// <param name="OmitDenialReason">Deny without saying which policy decided (sts:AssumeRole does not reveal whether the role
/// exists or what its trust policy says).</param>
public sealed record AuthorizationTarget(
    string Action,
    string Resource,
    CompiledPolicy? ResourcePolicy = null,
    ResourcePolicyKind ResourcePolicyKind = ResourcePolicyKind.Standard,
    string? ResourceAccount = null,
    bool OmitDenialReason = false)
{
    /// <summary>Operations every authenticated caller may make (sts:GetCallerIdentity).</summary>
    public static AuthorizationTarget Unconditional { get; } = new("", "*");

    public bool IsUnconditional => Action.Length == 0;
}
