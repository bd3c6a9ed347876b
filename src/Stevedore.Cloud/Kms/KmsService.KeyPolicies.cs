using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Kms;

/// <summary>Key policies: each key has exactly one, named "default".</summary>
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
public sealed partial class KmsService
{
    private const string PolicyName = "default";

    partial void RegisterKeyPolicies()
    {
        Register("GetKeyPolicy", KeyTarget, GetKeyPolicy);
        Register("PutKeyPolicy", KeyTarget, PutKeyPolicy);
        Register("ListKeyPolicies", KeyTarget, c =>
        {
            LoadKey(c);
            return new JsonObject { ["PolicyNames"] = new JsonArray(PolicyName), ["Truncated"] = false };
        });
    }

    private static void CheckPolicyName(OperationContext context)
    {
        if ((context.String("PolicyName") ?? PolicyName) != PolicyName)
        {
            throw new AwsServiceException("NotFoundException", "No such policy exists");
        }
    }

    private static JsonObject GetKeyPolicy(OperationContext context)
    {
        CheckPolicyName(context);
        return new JsonObject { ["Policy"] = LoadKey(context).Policy, ["PolicyName"] = PolicyName };
    }

    private static JsonObject? PutKeyPolicy(OperationContext context)
    {
        CheckPolicyName(context);
        var key = LoadKey(context);
        var policy = context.RequiredString("Policy");
        CheckPolicy(policy, key.Arn);
        CheckLockout(context, key with { Policy = policy });
        ChangeKey(context, key, k => k with { Policy = policy });
        return null;
    }
}
