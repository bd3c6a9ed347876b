using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>
/// The execution role as the advisor sees it: its trust policy, identity policies and permissions boundary, each
/// compiled with an id naming its source (a file name or a managed policy ARN) so verdicts can cite statements.
/// </summary>
/// <param name="TrustPolicy">Null when unknown: the role assumption is then not evaluated.</param>
public sealed record RoleUnderTest(
    CompiledPolicy? TrustPolicy,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary = null)
{
    public static RoleUnderTest Empty { get; } = new(null, []);

    /// <summary>The role with one more identity policy (used to prove a generated policy fixes every requirement).</summary>
    public RoleUnderTest WithIdentityPolicy(CompiledPolicy policy) => this with { IdentityPolicies = [.. IdentityPolicies, policy] };

    internal PolicySet IdentitySet() => new() { Identity = IdentityPolicies, PermissionsBoundary = PermissionsBoundary };
}
