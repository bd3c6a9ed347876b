using Stevedore.Policy.Document;

namespace Stevedore.Policy.Evaluation;

/// <summary>AccessDenied texts in AWS's current wording.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
public static class AccessDeniedMessage
{
    /// <param name="denyingPolicyArn">For an explicit deny within one account, the ARN of the denying policy,
    /// which AWS now appends (AWS Security Blog, "Enhanced access denied error messages with policy ARNs").</param>
    public static string Format(string callerArn, string action, string resource, Decision decision, string? denyingPolicyArn = null)
    {
        var reason = decision.Kind switch
        {
            DecisionKind.ExplicitDeny when denyingPolicyArn is not null =>
                $"with an explicit deny in {ExplicitName(decision.DecidedBy)}: {denyingPolicyArn}",
            DecisionKind.ExplicitDeny => $"with an explicit deny in {ExplicitName(decision.DecidedBy)}",
            // SCPs are named as an explicit deny even when no SCP allows (the page's SCP example).
            _ when decision.DecidedBy == PolicyType.ServiceControl => "with an explicit deny in a service control policy",
            _ => $"because no {ImplicitName(decision.DecidedBy)} allows the {action} action",
        };
        return $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} {reason}";
    }

    private static string ImplicitName(PolicyType type) => type switch
    {
        PolicyType.Identity => "identity-based policy",
        PolicyType.Resource => "resource-based policy",
        PolicyType.Trust => "role trust policy",
        PolicyType.PermissionsBoundary => "permissions boundary",
        PolicyType.Session => "session policy",
        PolicyType.ServiceControl => "service control policy",
        PolicyType.ResourceControl => "resource control policy",
        PolicyType.VpcEndpoint => "VPC endpoint policy",
        _ => "policy",
    };

    private static string ExplicitName(PolicyType type) => type switch
    {
        PolicyType.Identity => "an identity-based policy",
        PolicyType.Resource => "a resource-based policy",
        PolicyType.Trust => "the role trust policy",
        PolicyType.PermissionsBoundary => "a permissions boundary",
        // "sessions policy" is AWS's own wording (sic).
        PolicyType.Session => "a sessions policy",
        PolicyType.ServiceControl => "a service control policy",
        PolicyType.ResourceControl => "a resource control policy",
        PolicyType.VpcEndpoint => "a VPC endpoint policy",
        _ => "a policy",
    };
}
