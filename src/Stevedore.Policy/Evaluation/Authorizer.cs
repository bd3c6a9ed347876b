using Stevedore.Policy.Document;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

/// <summary>
/// Decides a request as IAM does: explicit deny, then SCPs, RCPs and the VPC endpoint policy, then the
/// resource policy and the identity side (identity policies ∩ permissions boundary ∩ session policies).
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
public static partial class Authorizer
{
    /// <summary>The decision alone: the fast path, no allocation when no policy value holds a variable.</summary>
    public static Decision Authorize(AuthorizationRequest request, PolicySet policies)
    {
        var outcomes = Evaluate(request, policies);
        return Combine(request, policies, in outcomes);
    }

    private static Outcomes Evaluate(AuthorizationRequest request, PolicySet policies)
    {
        var o = new Outcomes { ScpAllowAll = true, VpceAllow = true, BoundaryAllow = true, SessionAllow = true };

        // Index loops throughout: enumerating an IReadOnlyList allocates.
        var scps = policies.ServiceControlPolicies;
        for (var l = 0; l < scps.Count; l++)
        {
            var level = scps[l];
            var levelAllows = false;
            for (var i = 0; i < level.Count; i++)
            {
                var outcome = level[i].Evaluate(request);
                o.ScpDeny |= outcome.ExplicitDeny;
                levelAllows |= outcome.Allowed;
            }

            o.ScpAllowAll &= levelAllows;
        }

        var rcps = policies.ResourceControlPolicies;
        for (var l = 0; l < rcps.Count; l++)
        {
            var level = rcps[l];
            for (var i = 0; i < level.Count; i++)
            {
                o.RcpDeny |= level[i].Evaluate(request).ExplicitDeny;
            }
        }

        if (policies.VpcEndpointPolicy is { } vpce)
        {
            var outcome = vpce.Evaluate(request);
            o.VpceDeny = outcome.ExplicitDeny;
            o.VpceAllow = outcome.Allowed;
        }

        if (policies.ResourcePolicy is { } resource)
        {
            var outcome = resource.Evaluate(request, policies.PermissionsBoundary is not null);
            o.ResourceDeny = outcome.ExplicitDeny;
            o.ResourceAllow = outcome.Allowed;
            o.ResourceMatch = outcome.AllowMatch;
        }

        if (request.Principal.IsAwsPrincipal)
        {
            var identity = policies.Identity;
            for (var i = 0; i < identity.Count; i++)
            {
                var outcome = identity[i].Evaluate(request);
                o.IdentityDeny |= outcome.ExplicitDeny;
                o.IdentityAllow |= outcome.Allowed;
            }

            if (policies.PermissionsBoundary is { } boundary)
            {
                var outcome = boundary.Evaluate(request);
                o.BoundaryDeny = outcome.ExplicitDeny;
                o.BoundaryAllow = outcome.Allowed;
            }

            if (policies.SessionPolicies is { } sessions)
            {
                o.SessionAllow = false;
                for (var i = 0; i < sessions.Count; i++)
                {
                    var outcome = sessions[i].Evaluate(request);
                    o.SessionDeny |= outcome.ExplicitDeny;
                    o.SessionAllow |= outcome.Allowed;
                }
            }
            else if (request.Principal.Kind == PrincipalKind.FederatedUser)
            {
                // A federated-user session without a session policy has no permissions of its own.
                o.SessionAllow = false;
            }
        }

        return o;
    }

    private static Decision Combine(AuthorizationRequest request, PolicySet policies, in Outcomes o)
    {
        var resourceType = policies.ResourcePolicyKind == ResourcePolicyKind.Trust ? PolicyType.Trust : PolicyType.Resource;

        // 1. An explicit deny in any policy ends evaluation.
        if (o.ScpDeny) return Decision.Explicit(PolicyType.ServiceControl);
        if (o.RcpDeny) return Decision.Explicit(PolicyType.ResourceControl);
        if (o.VpceDeny) return Decision.Explicit(PolicyType.VpcEndpoint);
        if (o.ResourceDeny) return Decision.Explicit(resourceType);
        if (o.IdentityDeny) return Decision.Explicit(PolicyType.Identity);
        if (o.BoundaryDeny) return Decision.Explicit(PolicyType.PermissionsBoundary);
        if (o.SessionDeny) return Decision.Explicit(PolicyType.Session);

        // 2. Every SCP level must allow; a VPC endpoint policy must allow.
        if (!o.ScpAllowAll) return Decision.Implicit(PolicyType.ServiceControl);
        if (!o.VpceAllow) return Decision.Implicit(PolicyType.VpcEndpoint);

        var principal = request.Principal;
        if (!principal.IsAwsPrincipal)
        {
            // Services, web identities and anonymous callers have no identity policies: the resource policy decides.
            return o.ResourceAllow ? Decision.Allow(resourceType) : Decision.Implicit(resourceType);
        }

        // 3. Trust and key policies must allow even in the same account; any resource policy must across accounts.
        var crossAccount = request.IsCrossAccount;
        if ((policies.ResourcePolicyKind != ResourcePolicyKind.Standard || crossAccount) && !o.ResourceAllow)
        {
            return Decision.Implicit(resourceType);
        }

        // 4. Same account: a resource policy that names the caller itself is enough; one that names the
        //    role still leaves the boundary and session policy in force; one that names the account delegates to IAM.
        if (o.ResourceAllow && !crossAccount)
        {
            // A grant to the caller itself ignores implicit denies in its boundary and session policy.
            if (o.ResourceMatch == PrincipalMatch.Direct)
            {
                return Decision.Allow(resourceType);
            }

            // "*" reaches a session past its boundary, but the session policy still limits it, since
            // only a grant naming the session ARN escapes it (see docs/fidelity.md).
            if (o.ResourceMatch == PrincipalMatch.Wildcard)
            {
                if (!o.SessionAllow) return Decision.Implicit(PolicyType.Session);
                return Decision.Allow(resourceType);
            }

            if (o.ResourceMatch == PrincipalMatch.Role)
            {
                if (!o.BoundaryAllow) return Decision.Implicit(PolicyType.PermissionsBoundary);
                if (!o.SessionAllow) return Decision.Implicit(PolicyType.Session);
                return Decision.Allow(resourceType);
            }
        }

        // 5. The identity side: identity policies, then the boundary and the session policies narrow them.
        var identityAllows = principal.Kind == PrincipalKind.Root || o.IdentityAllow;
        if (!identityAllows) return Decision.Implicit(PolicyType.Identity);
        if (!o.BoundaryAllow) return Decision.Implicit(PolicyType.PermissionsBoundary);
        if (!o.SessionAllow) return Decision.Implicit(PolicyType.Session);
        return Decision.Allow(PolicyType.Identity);
    }

    private struct Outcomes
    {
        public bool ScpDeny, ScpAllowAll, RcpDeny, VpceDeny, VpceAllow;
        public bool ResourceDeny, ResourceAllow;
        public PrincipalMatch ResourceMatch;
        public bool IdentityDeny, IdentityAllow, BoundaryDeny, BoundaryAllow, SessionDeny, SessionAllow;
    }
}
