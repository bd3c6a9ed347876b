using System.Text.Json.Nodes;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cloud.Iam;

/// <summary>Inline policies of roles: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
public sealed partial class IamService
{
    partial void RegisterRolePolicies()
    {
        Register("PutRolePolicy", RoleTarget, PutRolePolicy);
        Register("GetRolePolicy", RoleTarget, GetRolePolicy);
        Register("DeleteRolePolicy", RoleTarget, DeleteRolePolicy);
        Register("ListRolePolicies", RoleTarget, ListRolePolicies);
    }

    private JsonObject? PutRolePolicy(OperationContext context)
    {
        var policyName = context.RequiredString("PolicyName");
        var document = context.RequiredString("PolicyDocument");
        if (PolicyParser.Parse(document, PolicyType.Identity).FirstError is { } error)
        {
            throw IamErrors.From(error);
        }

        ChangeRole(context, role =>
        {
            // Policy names are unique without regard to case; putting one again replaces it.
            var policies = role.InlinePolicies
                .Where(p => !string.Equals(p.PolicyName, policyName, StringComparison.OrdinalIgnoreCase))
                .Append(new InlinePolicy(policyName, document))
                .ToList();
            if (PolicySizeLimits.CheckRoleInline(policies.Select(p => p.Document), role.RoleName) is { } limit)
            {
                throw IamErrors.From(limit);
            }

            return role with { InlinePolicies = policies };
        });
        return null;
    }

    private JsonObject GetRolePolicy(OperationContext context)
    {
        var role = LoadRole(context);
        var policy = FindInlinePolicy(role, context.RequiredString("PolicyName"));
        return new JsonObject
        {
            ["RoleName"] = role.RoleName,
            ["PolicyName"] = policy.PolicyName,
            ["PolicyDocument"] = IamWire.EncodeDocument(policy.Document),
        };
    }

    private JsonObject? DeleteRolePolicy(OperationContext context)
    {
        var policyName = context.RequiredString("PolicyName");
        ChangeRole(context, role =>
        {
            var policy = FindInlinePolicy(role, policyName);
            return role with { InlinePolicies = [.. role.InlinePolicies.Where(p => p != policy)] };
        });
        return null;
    }

    private JsonObject ListRolePolicies(OperationContext context)
    {
        var names = LoadRole(context).InlinePolicies
            .Select(p => p.PolicyName)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return IamWire.Page(names, n => n, context.Input, "PolicyNames", n => JsonValue.Create(n));
    }

    private static InlinePolicy FindInlinePolicy(Role role, string policyName) =>
        role.InlinePolicies.FirstOrDefault(p => string.Equals(p.PolicyName, policyName, StringComparison.OrdinalIgnoreCase))
        ?? throw IamErrors.NoSuchRolePolicy(policyName);
}
