using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Iam.Model;

namespace Stevedore.Cloud.Identity;

/// <summary>Turns the owner of a verified access key into the <see cref="Caller"/> policies are evaluated for.</summary>
public sealed class CallerResolver(IamStore iam)
{
    public Caller Resolve(CredentialOwner owner)
    {
        if (owner.Session is { RoleArn: { } roleArn } session)
        {
            var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
            var path = roleArn[(roleArn.IndexOf(":role", StringComparison.Ordinal) + 5)..^roleName.Length];

            // A session outlives a deleted role, but then has no permissions left to use.
            var role = iam.FindRole(session.AccountId, roleName)
                ?? new Role(session.AccountId, roleName, session.RoleId ?? "", path, roleArn, session.IssuedAt,
                    "{}", null, 3600, null, [], [], []);
            return Caller.ForRoleSession(role, session);
        }

        if (owner.UserName is { } userName)
        {
            var user = iam.FindUser(owner.AccountId, userName)
                ?? throw new InvalidOperationException($"access key of missing user {userName}");
            return Caller.ForUser(user) with { Session = owner.Session };
        }

        return Caller.Root(owner.AccountId) with { Session = owner.Session };
    }
}
