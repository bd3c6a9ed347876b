using System.Security.Cryptography;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Storage;

namespace Stevedore.Cloud.Sts;

/// <summary>An AWS service principal (<c>ecs-tasks.amazonaws.com</c>) assuming a role on its own side, not through the
/// endpoint: the trust policy decides alone (a service principal has no identity policies).</summary>
public sealed partial class StsService
{
    private static readonly IamIds ServiceIds = new();
    private static readonly CompiledPolicyCache ServiceTrustPolicies = new();

    /// <summary>
    /// <c>sts:AssumeRole</c> by <paramref name="servicePrincipal"/> on <paramref name="roleArn"/>, authorized by
    /// <paramref name="authorizer"/> against the role's trust policy with <paramref name="contextKeys"/> (for ECS:
    /// <c>aws:SourceAccount</c>, <c>aws:SourceArn</c>). A role that does not exist is denied as one whose trust policy
    /// does not allow the service. On success the session (ordinary temporary credentials, stored so requests signed
    /// with them authenticate) is <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">AccessDenied: the trust policy does not allow the service, or no such role.</exception>
    public static SessionRecord AssumeRoleAsService(IStateStore store, RequestAuthorizer authorizer, string servicePrincipal,
        string roleArn, string sessionName, IReadOnlyDictionary<string, string> contextKeys, DateTimeOffset now,
        IAuthorizationTrace? trace = null, int seconds = DefaultRoleSessionSeconds)
    {
        var caller = new Caller(RequestPrincipal.Service(servicePrincipal), RoleAccount(roleArn) ?? "", servicePrincipal);
        var region = "us-east-1";
        var context = new OperationContext(caller, region, "AssumeRole", new(), now, Guid.NewGuid().ToString(), store)
        {
            SecureTransport = true,
            Authorizer = authorizer,
            Trace = trace,
        };
        var account = RoleAccount(roleArn) ?? "";
        var role = FindRole(context, roleArn);
        var target = role is null
            ? new AuthorizationTarget("sts:AssumeRole", roleArn, ResourceAccount: account, OmitDenialReason: true)
            : new AuthorizationTarget("sts:AssumeRole", roleArn, ServiceTrustPolicies.Get(role.AssumeRolePolicyDocument, PolicyType.Trust, role.Arn),
                ResourcePolicyKind.Trust, account, OmitDenialReason: true);
        foreach (var (key, value) in contextKeys)
        {
            target = target.With(key, value);
        }

        authorizer.Authorize(context, target, null);
        if (role is null)
        {
            throw new AwsServiceException("AccessDenied",
                $"User: {caller.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        }

        var session = new SessionRecord(
            AccessKeyId: ServiceIds.AccessKeyId(IamIds.TemporaryAccessKeyPrefix),
            SecretAccessKey: ServiceIds.SecretAccessKey(),
            SessionToken: "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(192)),
            IssuedAt: now,
            Expiration: now.AddSeconds(Math.Min(seconds, role.MaxSessionDuration)),
            AccountId: role.AccountId,
            RoleArn: role.Arn,
            RoleId: role.RoleId,
            RoleSessionName: sessionName,
            UserName: null,
            SessionPolicies: null,
            SessionTags: new Dictionary<string, string>(),
            Chained: false);
        store.Write(tx => tx.Insert(StsStore.SessionKey(session.AccessKeyId), StsStore.Write(session)));
        return session;
    }
}
