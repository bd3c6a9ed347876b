using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Sts;
using Stevedore.Storage;

namespace Stevedore.Cloud.Identity;

/// <summary>What an access key stands for: an account root, an IAM user's long-term key, or a session.</summary>
public sealed record CredentialOwner(string AccountId, string? UserName, SessionRecord? Session);

/// <summary>
/// Finds the secret of an access key for SigV4: account roots from configuration, then IAM users'
/// keys and STS sessions from the store.
/// </summary>
public sealed class StoredCredentials(IStateStore store, IReadOnlyDictionary<string, (string AccountId, string Secret)> rootKeys) : ICredentialLookup
{
    public bool TryGet(string accessKeyId, out SigningCredential credential)
    {
        if (rootKeys.TryGetValue(accessKeyId, out var root))
        {
            credential = new SigningCredential(accessKeyId, root.Secret, Principal: new CredentialOwner(root.AccountId, null, null));
            return true;
        }

        if (accessKeyId.StartsWith(IamIds.TemporaryAccessKeyPrefix, StringComparison.Ordinal) &&
            store.Get(new ResourceKey("", "", StsStore.Sessions, accessKeyId)) is { } sessionItem)
        {
            var session = StsStore.ReadSession(sessionItem.Document);
            credential = new SigningCredential(accessKeyId, session.SecretAccessKey, session.SessionToken, session.Expiration,
                new CredentialOwner(session.AccountId, session.UserName, session));
            return true;
        }

        if (accessKeyId.Length > 0 && store.Get(new ResourceKey("", "", IamStore.AccessKeys, accessKeyId)) is { } keyItem) // "" names no key
        {
            var key = IamStore.ReadAccessKey(keyItem.Document);
            if (key.Status == "Active")
            {
                credential = new SigningCredential(accessKeyId, key.SecretAccessKey, Principal: new CredentialOwner(key.AccountId, key.UserName, null));
                return true;
            }
        }

        credential = null!;
        return false;
    }
}
