using System.Text.Json;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>Where IAM keeps its entities: one JSON document per role, user, customer policy and access key.</summary>
/// <remarks>IAM is global: region "". Names are unique without regard to case
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). Access keys are global to the
/// endpoint (account ""), keyed by id, because a key must be found before its account is known.</remarks>
public sealed class IamStore(IStateStore store)
{
    public static readonly ResourceKind Roles = new("iam/role", CaseInsensitiveNames: true);
    public static readonly ResourceKind Users = new("iam/user", CaseInsensitiveNames: true);
    public static readonly ResourceKind Policies = new("iam/policy", CaseInsensitiveNames: true);
    public static readonly ResourceKind AccessKeys = new("iam/access-key", CaseInsensitiveNames: false);

    public IStateStore Store => store;

    public static ResourceKey RoleKey(string account, string name) => new(account, "", Roles, name);

    public static ResourceKey UserKey(string account, string name) => new(account, "", Users, name);

    public static ResourceKey PolicyKey(string account, string name) => new(account, "", Policies, name);

    public static ResourceKey AccessKeyKey(string id) => new("", "", AccessKeys, id);

    public static Role ReadRole(string json) => ParsedDocuments.Read(json, IamJsonContext.Default.Role);

    public static string Write(Role role) => JsonSerializer.Serialize(role, IamJsonContext.Default.Role);

    public static User ReadUser(string json) => ParsedDocuments.Read(json, IamJsonContext.Default.User);

    public static string Write(User user) => JsonSerializer.Serialize(user, IamJsonContext.Default.User);

    public static ManagedPolicy ReadPolicy(string json) => ParsedDocuments.Read(json, IamJsonContext.Default.ManagedPolicy);

    public static string Write(ManagedPolicy policy) => JsonSerializer.Serialize(policy, IamJsonContext.Default.ManagedPolicy);

    public static AccessKey ReadAccessKey(string json) => ParsedDocuments.Read(json, IamJsonContext.Default.AccessKey);

    public static string Write(AccessKey key) => JsonSerializer.Serialize(key, IamJsonContext.Default.AccessKey);

    public Role? FindRole(string account, string name) =>
        store.Get(RoleKey(account, name)) is { } item ? ReadRole(item.Document) : null;

    public User? FindUser(string account, string name) =>
        store.Get(UserKey(account, name)) is { } item ? ReadUser(item.Document) : null;

    /// <summary>An AWS-managed policy from the catalog, or a customer policy of the account in the ARN.</summary>
    public ManagedPolicy? FindPolicy(string arn)
    {
        if (AwsManagedPolicies.TryGet(arn, out var managed))
        {
            return managed;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "iam" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
        {
            return null;
        }

        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        return store.Get(PolicyKey(parts[4], name)) is { } item && ReadPolicy(item.Document) is var policy && policy.Arn == arn ? policy : null;
    }
}
