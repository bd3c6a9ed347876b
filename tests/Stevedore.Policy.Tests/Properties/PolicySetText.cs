using System.Text;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>Readable renderings of generated inputs, so a shrunk counter-example can be read and replayed.</summary>
internal static class PolicySetText
{
    public static string Describe(PolicySet set)
    {
        var text = new StringBuilder();
        foreach (var policy in set.Identity) Add(text, "identity", policy);
        if (set.PermissionsBoundary is { } boundary) Add(text, "boundary", boundary);
        foreach (var policy in set.SessionPolicies ?? []) Add(text, "session", policy);
        if (set.ResourcePolicy is { } resource) Add(text, $"resource ({set.ResourcePolicyKind})", resource);
        foreach (var policy in set.ServiceControlPolicies.SelectMany(l => l)) Add(text, "scp", policy);
        foreach (var policy in set.ResourceControlPolicies.SelectMany(l => l)) Add(text, "rcp", policy);
        return text.ToString();
    }

    public static string Describe(AuthorizationRequest request) =>
        $"{request.Principal.Arn} {request.Action} {request.Resource} [{string.Join(", ", request.Context.Entries.Select(e => $"{e.Key}={string.Join("|", e.Value.Values)}"))}]";

    private static void Add(StringBuilder text, string role, CompiledPolicy policy) =>
        text.Append("  ").Append(role).Append(": ").AppendLine(PolicyPrinter.ToJson(policy.Document));

    /// <summary>A copy of the set with one policy replaced or added.</summary>
    public static PolicySet With(
        PolicySet set,
        IReadOnlyList<CompiledPolicy>? identity = null,
        CompiledPolicy? boundary = null,
        IReadOnlyList<CompiledPolicy>? session = null,
        CompiledPolicy? resource = null,
        IReadOnlyList<IReadOnlyList<CompiledPolicy>>? scps = null,
        IReadOnlyList<IReadOnlyList<CompiledPolicy>>? rcps = null) => new()
        {
            Identity = identity ?? set.Identity,
            PermissionsBoundary = boundary ?? set.PermissionsBoundary,
            SessionPolicies = session ?? set.SessionPolicies,
            ResourcePolicy = resource ?? set.ResourcePolicy,
            ResourcePolicyKind = set.ResourcePolicyKind,
            ServiceControlPolicies = scps ?? set.ServiceControlPolicies,
            ResourceControlPolicies = rcps ?? set.ResourceControlPolicies,
            VpcEndpointPolicy = set.VpcEndpointPolicy,
        };
}
