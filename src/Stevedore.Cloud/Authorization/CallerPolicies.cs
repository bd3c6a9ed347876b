using Stevedore.Cloud.Iam.Model;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>Gathers the identity side of a caller's permissions: inline and attached policies, boundary, session policies.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
public sealed class CallerPolicies(CompiledPolicyCache cache, Func<string, ManagedPolicy?> findManagedPolicy)
{
    /// <summary>The policy set for <paramref name="caller"/>, with the resource-side policies left for the caller to add.</summary>
    public PolicySet For(Caller caller, CompiledPolicy? resourcePolicy = null,
        ResourcePolicyKind resourcePolicyKind = ResourcePolicyKind.Standard, CompiledPolicy? vpcEndpointPolicy = null)
    {
        var identity = new List<CompiledPolicy>();
        IReadOnlyList<InlinePolicy> inline = caller.Role?.InlinePolicies ?? caller.User?.InlinePolicies ?? [];
        IReadOnlyList<string> attached = caller.Role?.AttachedPolicyArns ?? caller.User?.AttachedPolicyArns ?? [];
        var owner = caller.Role?.Arn ?? caller.User?.Arn ?? "";
        foreach (var policy in inline)
        {
            identity.Add(cache.Get(policy.Document, PolicyType.Identity, $"{owner}/{policy.PolicyName}"));
        }

        foreach (var arn in attached)
        {
            if (findManagedPolicy(arn) is { } managed)
            {
                identity.Add(cache.Get(managed.DefaultVersion.Document, PolicyType.Identity, managed.Arn));
            }
        }

        CompiledPolicy? boundary = null;
        var boundaryArn = caller.Role?.PermissionsBoundaryArn ?? caller.User?.PermissionsBoundaryArn;
        if (boundaryArn is not null && findManagedPolicy(boundaryArn) is { } boundaryPolicy)
        {
            boundary = cache.Get(boundaryPolicy.DefaultVersion.Document, PolicyType.PermissionsBoundary, boundaryPolicy.Arn);
        }

        IReadOnlyList<CompiledPolicy>? sessions = null;
        if (caller.Session?.SessionPolicies is { } sessionPolicies)
        {
            sessions = [.. sessionPolicies.Select((document, i) => cache.Get(document, PolicyType.Session, $"session-policy-{i}"))];
        }

        return new PolicySet
        {
            Identity = identity,
            PermissionsBoundary = boundary,
            SessionPolicies = sessions,
            ResourcePolicy = resourcePolicy,
            ResourcePolicyKind = resourcePolicyKind,
            VpcEndpointPolicy = vpcEndpointPolicy,
        };
    }
}
