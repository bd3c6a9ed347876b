using System.Text.Json.Nodes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>Resource policies on secrets: they grant other accounts (with those accounts' identity policies) access.</summary>
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
public sealed partial class SecretsManagerService
{
    partial void RegisterPolicies()
    {
        Register("PutResourcePolicy", SecretTarget, PutResourcePolicy);
        Register("GetResourcePolicy", SecretTarget, GetResourcePolicy);
        Register("DeleteResourcePolicy", SecretTarget, DeleteResourcePolicy);
    }

    private JsonObject PutResourcePolicy(Services.OperationContext context)
    {
        var secret = LoadActive(context);
        var policy = context.RequiredString("ResourcePolicy");
        try
        {
            _policies.Get(policy, PolicyType.Resource, secret.Arn);
        }
        catch (PolicyParseException error)
        {
            throw SecretsManagerErrors.MalformedPolicy(error.Message);
        }

        Change(context, secret, s => s with { ResourcePolicy = policy });
        return NameAndArn(secret);
    }

    private static JsonObject GetResourcePolicy(Services.OperationContext context)
    {
        var secret = Load(context);
        var output = NameAndArn(secret);
        if (secret.ResourcePolicy is { } policy)
        {
            output["ResourcePolicy"] = policy;
        }

        return output;
    }

    private static JsonObject DeleteResourcePolicy(Services.OperationContext context)
    {
        var secret = LoadActive(context);
        Change(context, secret, s => s with { ResourcePolicy = null });
        return NameAndArn(secret);
    }
}
