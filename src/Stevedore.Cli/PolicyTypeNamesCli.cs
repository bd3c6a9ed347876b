using Stevedore.Policy.Document;

namespace Stevedore.Cli;

/// <summary>The short policy type names the CLI reads (<see cref="PolicyTypeNames.TryParse"/>) and prints.</summary>
internal static class PolicyTypeNamesCli
{
    public static readonly string[] All = ["identity", "resource", "trust", "boundary", "scp", "rcp", "session", "vpce"];

    public static string Name(PolicyType type) => type switch
    {
        PolicyType.Identity => "identity",
        PolicyType.Resource => "resource",
        PolicyType.Trust => "trust",
        PolicyType.PermissionsBoundary => "boundary",
        PolicyType.Session => "session",
        PolicyType.ServiceControl => "scp",
        PolicyType.ResourceControl => "rcp",
        PolicyType.VpcEndpoint => "vpce",
        _ => type.ToString().ToLowerInvariant(),
    };
}
