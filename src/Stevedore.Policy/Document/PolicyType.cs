namespace Stevedore.Policy.Document;

/// <summary>The kinds of policy document IAM distinguishes; each has its own grammar rules.</summary>
public enum PolicyType
{
    /// <summary>Attached to a user, group or role (managed or inline).</summary>
    Identity,

    /// <summary>Attached to a resource (bucket, repository, secret, key, …); names principals.</summary>
    Resource,

    /// <summary>A role's assume-role (trust) policy: names principals, has no Resource.</summary>
    Trust,

    /// <summary>A permissions boundary: identity grammar, only narrows.</summary>
    PermissionsBoundary,

    /// <summary>A session policy passed to AssumeRole or GetFederationToken: identity grammar.</summary>
    Session,

    /// <summary>An AWS Organizations service control policy: identity grammar, only narrows.</summary>
    ServiceControl,

    /// <summary>An AWS Organizations resource control policy: resource grammar, deny-only.</summary>
    ResourceControl,

    /// <summary>A VPC endpoint policy: resource grammar.</summary>
    VpcEndpoint,
}

public static class PolicyTypeNames
{
    /// <summary>Parses the names the CLI and corpus use (identity, resource, trust, boundary, session, scp, rcp, vpce).</summary>
    public static bool TryParse(string text, out PolicyType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "identity": type = PolicyType.Identity; return true;
            case "resource": type = PolicyType.Resource; return true;
            case "trust": type = PolicyType.Trust; return true;
            case "boundary": type = PolicyType.PermissionsBoundary; return true;
            case "session": type = PolicyType.Session; return true;
            case "scp": type = PolicyType.ServiceControl; return true;
            case "rcp": type = PolicyType.ResourceControl; return true;
            case "vpce" or "vpc-endpoint": type = PolicyType.VpcEndpoint; return true;
            default: type = default; return false;
        }
    }

    public static bool NamesPrincipals(this PolicyType type) =>
        type is PolicyType.Resource or PolicyType.Trust or PolicyType.ResourceControl or PolicyType.VpcEndpoint;
}
