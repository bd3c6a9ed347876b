using System.Text.Json.Nodes;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cloud.Iam;

/// <summary>Inline policies embedded in IAM users.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
public sealed partial class IamService
{
    private void RegisterUserPolicies()
    {
        Register("PutUserPolicy", c => ExistingUserTarget(c, c.RequiredString("UserName")), PutUserPolicy);
        Register("GetUserPolicy", c => ExistingUserTarget(c, c.RequiredString("UserName")), GetUserPolicy);
        Register("DeleteUserPolicy", c => ExistingUserTarget(c, c.RequiredString("UserName")), DeleteUserPolicy);
        Register("ListUserPolicies", c => ExistingUserTarget(c, c.RequiredString("UserName")), ListUserPolicies);
    }

    private static JsonObject? PutUserPolicy(OperationContext context)
    {
        var userName = context.RequiredString("UserName");
        var policyName = context.RequiredString("PolicyName");
        var document = context.RequiredString("PolicyDocument");
        UserChecks.IdentityDocument(document);
        context.Store.Write(tx =>
        {
            var key = IamStore.UserKey(context.AccountId, userName);
            var item = tx.Get(key) ?? throw IamErrors.NoSuchUser(userName);
            var user = IamStore.ReadUser(item.Document);

            // Putting a policy under an existing name replaces it.
            var policies = user.InlinePolicies.Where(p => !SamePolicyName(p.PolicyName, policyName)).ToList();
            policies.Add(new InlinePolicy(policyName, document));
            if (PolicySizeLimits.CheckUserInline(policies.Select(p => p.Document), user.UserName) is { } tooLarge)
            {
                throw IamErrors.From(tooLarge);
            }

            tx.Update(key, IamStore.Write(user with { InlinePolicies = policies }), item.Version);
        });
        return null;
    }

    private static JsonObject GetUserPolicy(OperationContext context)
    {
        var user = RequireUser(context, context.RequiredString("UserName"));
        var policyName = context.RequiredString("PolicyName");
        var policy = user.InlinePolicies.FirstOrDefault(p => SamePolicyName(p.PolicyName, policyName))
            ?? throw IamErrors.NoSuchUserPolicy(policyName);
        return new JsonObject
        {
            ["UserName"] = user.UserName,
            ["PolicyName"] = policy.PolicyName,
            ["PolicyDocument"] = IamWire.EncodeDocument(policy.Document),
        };
    }

    private static JsonObject? DeleteUserPolicy(OperationContext context)
    {
        var userName = context.RequiredString("UserName");
        var policyName = context.RequiredString("PolicyName");
        context.Store.Write(tx =>
        {
            var key = IamStore.UserKey(context.AccountId, userName);
            var item = tx.Get(key) ?? throw IamErrors.NoSuchUser(userName);
            var user = IamStore.ReadUser(item.Document);
            var remaining = user.InlinePolicies.Where(p => !SamePolicyName(p.PolicyName, policyName)).ToList();
            if (remaining.Count == user.InlinePolicies.Count)
            {
                throw IamErrors.NoSuchUserPolicy(policyName);
            }

            tx.Update(key, IamStore.Write(user with { InlinePolicies = remaining }), item.Version);
        });
        return null;
    }

    private static JsonObject ListUserPolicies(OperationContext context)
    {
        var user = RequireUser(context, context.RequiredString("UserName"));
        var names = user.InlinePolicies.Select(p => p.PolicyName).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return IamWire.Page(names, n => n, context.Input, "PolicyNames", n => JsonValue.Create(n));
    }

    // Inline policy names, like other IAM names, are unique without regard to case.
    private static bool SamePolicyName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
