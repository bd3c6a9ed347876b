namespace Stevedore.Policy.Evaluation;

/// <summary>The global condition keys IAM derives from the caller, added unless the request already carries them.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
public static class PrincipalContextKeys
{
    public static RequestContext AddTo(RequestContext context, RequestPrincipal principal, IReadOnlyDictionary<string, string>? principalTags = null)
    {
        if (principal.Kind == PrincipalKind.Service)
        {
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename
            SetIfAbsent(context, "aws:PrincipalServiceName", principal.Name);
            SetIfAbsent(context, "aws:PrincipalIsAWSService", "true");
        }

        if (!principal.IsAwsPrincipal)
        {
            // Service and web-identity callers have no aws:PrincipalType value in AWS's list.
            if (principal.Kind == PrincipalKind.Anonymous)
            {
                SetIfAbsent(context, "aws:PrincipalType", "Anonymous");
            }

            return context;
        }

        SetIfAbsent(context, "aws:PrincipalArn", principal.PrincipalArn);
        SetIfAbsent(context, "aws:PrincipalAccount", principal.AccountId);
        SetIfAbsent(context, "aws:PrincipalIsAWSService", "false");
        SetIfAbsent(context, "aws:PrincipalType", principal.Kind switch
        {
            PrincipalKind.Root => "Account",
            PrincipalKind.User => "User",
            PrincipalKind.AssumedRole => "AssumedRole",
            _ => "FederatedUser",
        });

        // aws:username exists for IAM users only: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
        if (principal.Kind == PrincipalKind.User)
        {
            SetIfAbsent(context, "aws:username", principal.Name);
        }

        if (principalTags is not null)
        {
            foreach (var (key, value) in principalTags)
            {
                SetIfAbsent(context, $"aws:PrincipalTag/{key}", value);
            }
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
