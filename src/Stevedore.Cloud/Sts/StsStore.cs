using System.Text.Json;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Sts;

/// <summary>Where STS keeps issued sessions, keyed by their access key id (account "": found before the account is known).</summary>
public static class StsStore
{
    public static readonly ResourceKind Sessions = new("sts/session", CaseInsensitiveNames: false);

    public static ResourceKey SessionKey(string accessKeyId) => new("", "", Sessions, accessKeyId);

    public static SessionRecord ReadSession(string json) => ParsedDocuments.Read(json, IamJsonContext.Default.SessionRecord);

    public static string Write(SessionRecord session) => JsonSerializer.Serialize(session, IamJsonContext.Default.SessionRecord);
}
