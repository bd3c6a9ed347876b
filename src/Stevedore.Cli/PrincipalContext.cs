using Stevedore.Policy.Evaluation;

namespace Stevedore.Cli;

/// <summary>The global condition keys AWS derives from the caller alone; the server will add the same ones.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties
public static class PrincipalContext
{
    /// <summary>
    /// Adds <c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>, <c>aws:PrincipalType</c> and (for IAM users)
    /// <c>aws:username</c>, and for service principals <c>aws:PrincipalServiceName</c>, unless the context already has them.
    /// <c>aws:userid</c> needs the principal's unique id, which an ARN does not carry, so it is left out.
    /// </summary>
    public static RequestContext AddDefaults(RequestContext context, RequestPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(principal);

        if (principal.IsAwsPrincipal)
        {
            SetIfAbsent(context, "aws:PrincipalArn", principal.PrincipalArn);
            SetIfAbsent(context, "aws:PrincipalAccount", principal.AccountId);
            SetIfAbsent(context, "aws:PrincipalIsAWSService", "false");
        }

        var type = principal.Kind switch
        {
            PrincipalKind.Root => "Account",
            PrincipalKind.User => "User",
            PrincipalKind.AssumedRole => "AssumedRole",
            PrincipalKind.FederatedUser => "FederatedUser",
            PrincipalKind.Anonymous => "Anonymous",
            // Service and web-identity callers have no aws:PrincipalType value in AWS's list.
            _ => null,
        };
        if (type is not null)
        {
            SetIfAbsent(context, "aws:PrincipalType", type);
        }

        if (principal.Kind == PrincipalKind.User)
        {
            SetIfAbsent(context, "aws:username", principal.Name);
        }

        if (principal.Kind == PrincipalKind.Service)
        {
            SetIfAbsent(context, "aws:PrincipalServiceName", principal.Name);
            SetIfAbsent(context, "aws:PrincipalIsAWSService", "true");
        }

        return context;
    }

    private static void SetIfAbsent(RequestContext context, string key, string value)
    {
        if (!context.Contains(key))
        {
            context.Set(key, value);
        }
    }
}
