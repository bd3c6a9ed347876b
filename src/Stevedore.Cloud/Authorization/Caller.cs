using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Sts;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>The authenticated principal behind a request, with what its permissions come from.</summary>
/// <param name="UserId">The value of <c>aws:userid</c>: the account id for root, <c>AIDA…</c> for a user,
/// <c>AROA…:session</c> for a role session.</param>
/// <param name="Role">For a role session, the role (its policies and tags).</param>
/// <param name="User">For an IAM user, or a GetSessionToken session of one, the user.</param>
/// <param name="Session">For temporary credentials, the session they belong to.</param>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
public sealed record Caller(
    RequestPrincipal Principal,
    string AccountId,
    string UserId,
    Role? Role = null,
    User? User = null,
    SessionRecord? Session = null)
{
    public bool IsRoot => Principal.Kind == PrincipalKind.Root;

    /// <summary>The account root, as configured: full access to its own account's resources.</summary>
    public static Caller Root(string accountId) =>
        new(RequestPrincipal.Parse($"arn:aws:iam::{accountId}:root"), accountId, accountId);

    public static Caller ForUser(User user) =>
        new(RequestPrincipal.Parse(user.Arn), user.AccountId, user.UserId, User: user);

    /// <summary>A role session: tags come from the role, then the session's own tags override them.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-tags
    public static Caller ForRoleSession(Role role, SessionRecord session) =>
        new(RequestPrincipal.RoleSession(role.AccountId, role.RoleName, session.RoleSessionName!, role.Path),
            role.AccountId, $"{role.RoleId}:{session.RoleSessionName}", Role: role, Session: session);

    /// <summary>The principal tags (<c>aws:PrincipalTag/…</c>).</summary>
    public IReadOnlyDictionary<string, string> PrincipalTags
    {
        get
        {
            var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in (IEnumerable<Tag>?)Role?.Tags ?? User?.Tags ?? [])
            {
                tags[tag.Key] = tag.Value;
            }

            foreach (var (key, value) in Session?.SessionTags ?? new Dictionary<string, string>())
            {
                tags[key] = value;
            }

            return tags;
        }
    }
}
