using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

/// <summary>One request to authorize: who, what action, on which resource, in which context.</summary>
public sealed class AuthorizationRequest
{
    /// <param name="resourceAccount">The resource owner; defaults to the account in the ARN, else the principal's.</param>
    public AuthorizationRequest(RequestPrincipal principal, string action, string resource, RequestContext? context = null, string? resourceAccount = null)
    {
        Principal = principal;
        Action = action;
        Resource = resource;
        Context = context ?? RequestContext.Empty;
        var arnAccount = ArnParts.Account(resource);
        ResourceAccount = !string.IsNullOrEmpty(resourceAccount) ? resourceAccount
            : !string.IsNullOrEmpty(arnAccount) ? arnAccount
            : principal.AccountId;
    }

    public RequestPrincipal Principal { get; }

    public string Action { get; }

    public string Resource { get; }

    public RequestContext Context { get; }

    public string ResourceAccount { get; }

    /// <summary>Cross-account when an AWS principal acts on a resource another account owns.</summary>
    public bool IsCrossAccount => Principal.IsAwsPrincipal && ResourceAccount.Length > 0 && ResourceAccount != Principal.AccountId;
}
