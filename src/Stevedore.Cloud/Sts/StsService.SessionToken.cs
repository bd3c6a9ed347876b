using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Sts;

/// <summary>GetSessionToken, and what every session issuer shares: keys, tokens, storage.</summary>
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
public sealed partial class StsService
{
    private const int DefaultSessionTokenSeconds = 43200;

    /// <summary>Sessions of the account root last at most an hour (default one hour).</summary>
    private const int RootSessionTokenSeconds = 3600;

    private readonly IamIds _ids = new();

    // GetSessionToken cannot be controlled by IAM policies: any user or root with long-term keys may call it.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
    partial void RegisterSessionToken() =>
        Register("GetSessionToken", _ => AuthorizationTarget.Unconditional, GetSessionToken);

    private JsonObject GetSessionToken(OperationContext context)
    {
        var caller = context.Caller;
        if (caller.Session is not null)
        {
            throw new AwsServiceException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        }

        var duration = context.Int("DurationSeconds") ?? (caller.IsRoot ? RootSessionTokenSeconds : DefaultSessionTokenSeconds);
        if (caller.IsRoot)
        {
            duration = Math.Min(duration, RootSessionTokenSeconds);
        }

        var session = NewSession(context, duration) with { UserName = caller.User?.UserName };
        Save(context, session);
        return new JsonObject { ["Credentials"] = RenderCredentials(session) };
    }

    /// <summary>A session with fresh temporary keys, issued now for <paramref name="seconds"/>.</summary>
    private SessionRecord NewSession(OperationContext context, int seconds) => new(
        AccessKeyId: _ids.AccessKeyId(IamIds.TemporaryAccessKeyPrefix),
        SecretAccessKey: _ids.SecretAccessKey(),
        SessionToken: NewSessionToken(),
        IssuedAt: context.Now,
        Expiration: context.Now.AddSeconds(seconds),
        AccountId: context.AccountId,
        RoleArn: null,
        RoleId: null,
        RoleSessionName: null,
        UserName: null,
        SessionPolicies: null,
        SessionTags: new Dictionary<string, string>(),
        Chained: false);

    /// <summary>An opaque token; only its equality with what was issued matters.</summary>
    private static string NewSessionToken() => "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(192));

    private static void Save(OperationContext context, SessionRecord session) =>
        context.Store.Write(tx => tx.Insert(StsStore.SessionKey(session.AccessKeyId), StsStore.Write(session)));

    private static JsonObject RenderCredentials(SessionRecord session) => new()
    {
        ["AccessKeyId"] = session.AccessKeyId,
        ["SecretAccessKey"] = session.SecretAccessKey,
        ["SessionToken"] = session.SessionToken,
        ["Expiration"] = session.Expiration,
    };
}
