using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

public enum PrincipalKind
{
    /// <summary>The account root user.</summary>
    Root,
    User,
    /// <summary>An assumed-role session (<c>arn:aws:sts::A:assumed-role/Role/Session</c>).</summary>
    AssumedRole,
    FederatedUser,
    /// <summary>An AWS service principal such as <c>ecs-tasks.amazonaws.com</c>.</summary>
    Service,
    /// <summary>A web-identity or SAML provider (the <c>Federated</c> principal type).</summary>
    WebIdentity,
    Anonymous,
}

/// <summary>Who makes the request.</summary>
/// <param name="Arn">The caller ARN as AccessDenied messages show it (the session ARN for a role session).</param>
/// <param name="PrincipalArn">The value of <c>aws:PrincipalArn</c>: the role ARN (with path) for a role session.</param>
/// <param name="AccountId">The principal's account, or empty for services and anonymous callers.</param>
/// <param name="Name">The service name, the provider, the user name or the session name, by kind.</param>
public sealed record RequestPrincipal(PrincipalKind Kind, string Arn, string PrincipalArn, string AccountId, string Name)
{
    public static RequestPrincipal Anonymous { get; } = new(PrincipalKind.Anonymous, "anonymous", "", "", "");

    public bool IsAwsPrincipal => Kind is PrincipalKind.Root or PrincipalKind.User or PrincipalKind.AssumedRole or PrincipalKind.FederatedUser;

    public static RequestPrincipal Service(string name) => new(PrincipalKind.Service, name, name, "", name);

    public static RequestPrincipal Federated(string provider) => new(PrincipalKind.WebIdentity, provider, provider, "", provider);

    /// <summary>An assumed-role session; <paramref name="rolePath"/> is the role's IAM path (default <c>/</c>).</summary>
    public static RequestPrincipal RoleSession(string accountId, string roleName, string sessionName, string rolePath = "/", string partition = "aws") =>
        new(PrincipalKind.AssumedRole,
            $"arn:{partition}:sts::{accountId}:assumed-role/{roleName}/{sessionName}",
            $"arn:{partition}:iam::{accountId}:role{rolePath}{roleName}",
            accountId,
            sessionName);

    /// <summary>
    /// Reads an ARN (user, root, role session, federated user), <c>service:NAME</c>, <c>federated:NAME</c>
    /// or <c>anonymous</c>. A role session read from its ARN has no path (its role ARN gets <c>/</c>).
    /// </summary>
    public static RequestPrincipal Parse(string text)
    {
        if (text == "anonymous" || text == "*")
        {
            return Anonymous;
        }

        if (text.StartsWith("service:", StringComparison.Ordinal))
        {
            return Service(text["service:".Length..]);
        }

        if (text.StartsWith("federated:", StringComparison.Ordinal))
        {
            return Federated(text["federated:".Length..]);
        }

        Span<int> colons = stackalloc int[5];
        if (!ArnParts.TrySplit(text, colons))
        {
            throw new FormatException($"Not a principal: {text}");
        }

        var partition = ArnParts.Part(text, colons, 1).ToString();
        var service = ArnParts.Part(text, colons, 2).ToString();
        var account = ArnParts.Part(text, colons, 4).ToString();
        var resource = ArnParts.Part(text, colons, 5).ToString();
        if (service == "iam" && resource == "root")
        {
            return new RequestPrincipal(PrincipalKind.Root, text, text, account, "root");
        }

        if (service == "iam" && resource.StartsWith("user/", StringComparison.Ordinal))
        {
            return new RequestPrincipal(PrincipalKind.User, text, text, account, resource[(resource.LastIndexOf('/') + 1)..]);
        }

        if (service == "sts" && resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var rest = resource["assumed-role/".Length..];
            var slash = rest.IndexOf('/');
            var role = slash < 0 ? rest : rest[..slash];
            var session = slash < 0 ? "" : rest[(slash + 1)..];
            return new RequestPrincipal(PrincipalKind.AssumedRole, text, $"arn:{partition}:iam::{account}:role/{role}", account, session);
        }

        if (service == "sts" && resource.StartsWith("federated-user/", StringComparison.Ordinal))
        {
            return new RequestPrincipal(PrincipalKind.FederatedUser, text, text, account, resource["federated-user/".Length..]);
        }

        throw new FormatException($"Not a principal: {text}");
    }
}
