using System.Xml.Linq;
using Stevedore.Advisor;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cli;

/// <summary>
/// An execution role read from a running endpoint as IAM holds it: <c>GetRole</c> (trust policy, permissions boundary),
/// <c>ListRolePolicies</c> + <c>GetRolePolicy</c> (inline), <c>ListAttachedRolePolicies</c> + <c>GetPolicy</c> +
/// <c>GetPolicyVersion</c> (AWS-managed and customer managed; the default version). Policy ids name their source as the
/// engine's denial messages do: <c>ROLE_ARN/POLICY</c> for inline policies, the policy ARN for managed ones.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html — documents are URL-encoded (RFC 3986) in the answers.
internal static class EndpointRoles
{
    private const string Version = "2010-05-08";

    /// <summary>The role, or null when the endpoint has no role of that name (NoSuchEntity).</summary>
    public static RoleUnderTest? Read(EndpointClient client, string name) => ReadWithArn(client, name)?.Role;

    /// <summary>The role and its ARN, or null when the endpoint has no role of that name (NoSuchEntity).</summary>
    public static (RoleUnderTest Role, string Arn)? ReadWithArn(EndpointClient client, string name)
    {
        XElement role;
        try
        {
            role = EndpointClient.Element(client.Query("iam", "GetRole", Version, ("RoleName", name)), "Role")!;
        }
        catch (EndpointErrorException e) when (e.Code == "NoSuchEntity")
        {
            return null;
        }
        catch (EndpointErrorException e)
        {
            throw new CliException($"{client.Endpoint}: GetRole {name}: {e.Code}: {e.Message}");
        }

        var arn = EndpointClient.Child(role, "Arn") ?? name;
        try
        {
            var trust = Compile(Decode(EndpointClient.Child(role, "AssumeRolePolicyDocument")), PolicyType.Trust, $"{arn} (trust)", name);
            var identity = new List<CompiledPolicy>();
            foreach (var policyName in Paged(client, "ListRolePolicies", name, "PolicyNames").Select(m => m.Value))
            {
                var document = EndpointClient.Child(client.Query("iam", "GetRolePolicy", Version, ("RoleName", name), ("PolicyName", policyName)), "PolicyDocument");
                identity.Add(Compile(Decode(document), PolicyType.Identity, $"{arn}/{policyName}", name));
            }

            foreach (var attached in Paged(client, "ListAttachedRolePolicies", name, "AttachedPolicies"))
            {
                var policyArn = EndpointClient.Child(attached, "PolicyArn")!;
                identity.Add(Compile(Managed(client, policyArn), PolicyType.Identity, policyArn, name));
            }

            var boundaryArn = EndpointClient.Child(EndpointClient.Element(role, "PermissionsBoundary"), "PermissionsBoundaryArn");
            var boundary = boundaryArn is null ? null : Compile(Managed(client, boundaryArn), PolicyType.PermissionsBoundary, boundaryArn, name);
            return (new RoleUnderTest(trust, identity, boundary), arn);
        }
        catch (EndpointErrorException e)
        {
            throw new CliException($"{client.Endpoint}: reading role {name}: {e.Code}: {e.Message}");
        }
    }

    /// <summary>A managed policy's default version; an AWS-managed policy the endpoint does not hold comes from the catalog.</summary>
    private static string Managed(EndpointClient client, string policyArn)
    {
        try
        {
            var policy = EndpointClient.Element(client.Query("iam", "GetPolicy", Version, ("PolicyArn", policyArn)), "Policy");
            var version = EndpointClient.Child(policy, "DefaultVersionId") ?? "v1";
            var found = EndpointClient.Element(client.Query("iam", "GetPolicyVersion", Version, ("PolicyArn", policyArn), ("VersionId", version)), "PolicyVersion");
            return Decode(EndpointClient.Child(found, "Document"));
        }
        catch (EndpointErrorException e) when (e.Code == "NoSuchEntity" && ManagedPolicyCatalog.TryGetDocument(policyArn, out var document))
        {
            return document;
        }
    }

    private static IEnumerable<XElement> Paged(EndpointClient client, string action, string role, string list)
    {
        string? marker = null;
        do
        {
            var result = marker is null ? client.Query("iam", action, Version, ("RoleName", role))
                : client.Query("iam", action, Version, ("RoleName", role), ("Marker", marker));
            foreach (var member in EndpointClient.Members(EndpointClient.Element(result, list)))
            {
                yield return member;
            }

            marker = EndpointClient.Child(result, "IsTruncated") == "true" ? EndpointClient.Child(result, "Marker") : null;
        }
        while (marker is not null);
    }

    private static string Decode(string? document) => Uri.UnescapeDataString(document ?? "{}");

    private static CompiledPolicy Compile(string json, PolicyType type, string id, string role)
    {
        var result = PolicyParser.Parse(json, type);
        return result.Success ? PolicyCompiler.Compile(result.Document!, type, id)
            : throw new CliException($"role {role}: {id} ({PolicyTypeNamesCli.Name(type)} policy): {result.FirstError}");
    }
}
