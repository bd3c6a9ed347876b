using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Parsing;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>IAM users and their long-term access keys, for testing enforcement with real clients.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
public sealed partial class IamService
{
    partial void RegisterUsers()
    {
        Register("CreateUser", c => UserTarget(c, c.String("Path") ?? "/", c.RequiredString("UserName")), CreateUser);
        Register("GetUser", GetUserTarget, GetUser);
        Register("DeleteUser", c => ExistingUserTarget(c, c.RequiredString("UserName")), DeleteUser);
        Register("CreateAccessKey", c => ExistingUserTarget(c, UserNameOrCaller(c)), CreateAccessKey);
        Register("DeleteAccessKey", c => ExistingUserTarget(c, UserNameOrCaller(c)), DeleteAccessKey);
        Register("ListAccessKeys", c => ExistingUserTarget(c, UserNameOrCaller(c)), ListAccessKeys);
        RegisterUserPolicies();
    }

    private AuthorizationTarget UserTarget(OperationContext context, string path, string userName) =>
        new(Action(context), Arn(context.AccountId, "user", path, userName));

    /// <summary>The user's ARN with its path when it exists (with "/" when it does not, so a denial still names it).</summary>
    private AuthorizationTarget ExistingUserTarget(OperationContext context, string userName) =>
        UserTarget(context, new IamStore(context.Store).FindUser(context.AccountId, userName)?.Path ?? "/", userName);

    private AuthorizationTarget GetUserTarget(OperationContext context) =>
        context.String("UserName") is null && context.Caller.IsRoot
            ? new AuthorizationTarget(Action(context), context.Caller.Principal.Arn)
            : ExistingUserTarget(context, UserNameOrCaller(context));

    /// <summary>The UserName member, or the calling user's own name when it is omitted.</summary>
    private static string UserNameOrCaller(OperationContext context) =>
        context.String("UserName") ?? context.Caller.User?.UserName ?? throw UserErrors.MustSpecifyUserName();

    private JsonObject CreateUser(OperationContext context)
    {
        var name = context.RequiredString("UserName");
        var path = context.String("Path") ?? "/";
        UserChecks.Path(path);
        var tags = IamWire.ReadTags(context.Input["Tags"]);
        UserChecks.Tags(tags);
        var boundary = context.String("PermissionsBoundary");
        if (boundary is not null)
        {
            UserChecks.Boundary(new IamStore(context.Store), boundary);
        }

        var user = new User(context.AccountId, name, Ids.UniqueId(IamIds.UserPrefix), path, Arn(context.AccountId, "user", path, name),
            context.Now, boundary, tags, [], []);
        try
        {
            context.Store.Write(tx => tx.Insert(IamStore.UserKey(context.AccountId, name), IamStore.Write(user), user.UserId));
        }
        catch (ItemAlreadyExistsException error)
        {
            throw IamErrors.UserExists(error.Existing.Name);
        }

        return new JsonObject { ["User"] = RenderUser(user) };
    }

    private static JsonObject GetUser(OperationContext context)
    {
        if (context.String("UserName") is null && context.Caller.IsRoot)
        {
            // The account root asking about itself: its ARN and the account id, as IAM answers.
            return new JsonObject
            {
                ["User"] = new JsonObject
                {
                    ["UserId"] = context.AccountId,
                    ["Arn"] = context.Caller.Principal.Arn,
                    ["CreateDate"] = context.Now,
                },
            };
        }

        return new JsonObject { ["User"] = RenderUser(RequireUser(context, UserNameOrCaller(context))) };
    }

    private static JsonObject? DeleteUser(OperationContext context)
    {
        var name = context.RequiredString("UserName");
        context.Store.Write(tx =>
        {
            var key = IamStore.UserKey(context.AccountId, name);
            var item = tx.Get(key) ?? throw IamErrors.NoSuchUser(name);
            var user = IamStore.ReadUser(item.Document);
            if (tx.Count(UserAccessKeys.Collection(context.AccountId), UserAccessKeys.Prefix(user.UserName)) > 0)
            {
                throw IamErrors.MustDeleteAccessKeys();
            }

            if (user.AttachedPolicyArns.Count > 0)
            {
                throw IamErrors.MustDetachPolicies();
            }

            if (user.InlinePolicies.Count > 0)
            {
                throw IamErrors.MustDeletePolicies();
            }

            tx.Delete(key, item.Version);
        });
        return null;
    }

    private JsonObject CreateAccessKey(OperationContext context)
    {
        var name = UserNameOrCaller(context);
        var key = context.Store.Write(tx =>
        {
            var user = tx.Get(IamStore.UserKey(context.AccountId, name)) is { } item
                ? IamStore.ReadUser(item.Document)
                : throw IamErrors.NoSuchUser(name);
            if (tx.Count(UserAccessKeys.Collection(context.AccountId), UserAccessKeys.Prefix(user.UserName)) >= UserAccessKeys.Quota)
            {
                throw IamErrors.AccessKeysPerUser();
            }

            var key = new AccessKey(Ids.AccessKeyId(IamIds.AccessKeyPrefix), Ids.SecretAccessKey(), context.AccountId, user.UserName,
                "Active", context.Now);
            tx.Insert(IamStore.AccessKeyKey(key.AccessKeyId), IamStore.Write(key));
            tx.Insert(UserAccessKeys.Key(context.AccountId, user.UserName, key.AccessKeyId), "{}");
            return key;
        });

        return new JsonObject
        {
            ["AccessKey"] = new JsonObject
            {
                ["UserName"] = key.UserName,
                ["AccessKeyId"] = key.AccessKeyId,
                ["Status"] = key.Status,
                ["SecretAccessKey"] = key.SecretAccessKey,
                ["CreateDate"] = key.CreateDate,
            },
        };
    }

    private static JsonObject? DeleteAccessKey(OperationContext context)
    {
        var name = UserNameOrCaller(context);
        var id = context.RequiredString("AccessKeyId");
        context.Store.Write(tx =>
        {
            var user = tx.Get(IamStore.UserKey(context.AccountId, name)) is { } item
                ? IamStore.ReadUser(item.Document)
                : throw IamErrors.NoSuchUser(name);
            if (!tx.Delete(UserAccessKeys.Key(context.AccountId, user.UserName, id)))
            {
                throw IamErrors.NoSuchAccessKey(id);
            }

            tx.Delete(IamStore.AccessKeyKey(id));
        });
        return null;
    }

    private static JsonObject ListAccessKeys(OperationContext context)
    {
        var name = UserNameOrCaller(context);
        var keys = context.Store.Read(reader =>
        {
            var user = reader.Get(IamStore.UserKey(context.AccountId, name)) is { } item
                ? IamStore.ReadUser(item.Document)
                : throw IamErrors.NoSuchUser(name);
            var page = reader.List(new ListQuery(UserAccessKeys.Collection(context.AccountId), UserAccessKeys.Prefix(user.UserName), 10));
            return page.Items
                .Select(i => reader.Get(IamStore.AccessKeyKey(UserAccessKeys.KeyId(i.Key.Name))))
                .OfType<StoredItem>()
                .Select(i => IamStore.ReadAccessKey(i.Document))
                .OrderBy(k => k.AccessKeyId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        });

        return IamWire.Page(keys, k => k.AccessKeyId, context.Input, "AccessKeyMetadata", k => new JsonObject
        {
            ["UserName"] = k.UserName,
            ["AccessKeyId"] = k.AccessKeyId,
            ["Status"] = k.Status,
            ["CreateDate"] = k.CreateDate,
        });
    }

    private static User RequireUser(OperationContext context, string name) =>
        new IamStore(context.Store).FindUser(context.AccountId, name) ?? throw IamErrors.NoSuchUser(name);

    private static JsonObject RenderUser(User user)
    {
        var rendered = new JsonObject
        {
            ["Path"] = user.Path,
            ["UserName"] = user.UserName,
            ["UserId"] = user.UserId,
            ["Arn"] = user.Arn,
            ["CreateDate"] = user.CreateDate,
        };
        if (user.PermissionsBoundaryArn is { } boundary)
        {
            rendered["PermissionsBoundary"] = new JsonObject
            {
                ["PermissionsBoundaryType"] = "PermissionsBoundaryPolicy",
                ["PermissionsBoundaryArn"] = boundary,
            };
        }

        if (user.Tags.Count > 0)
        {
            rendered["Tags"] = IamWire.Tags(user.Tags);
        }

        return rendered;
    }

    /// <summary>
    /// Which access keys each user has: one item per key named <c>USER/KEYID</c> in the user's account (user names
    /// cannot contain '/'), so a user's keys are counted and listed by prefix. The key itself lives in
    /// <see cref="IamStore.AccessKeys"/>, where SigV4 finds it.
    /// </summary>
    private static class UserAccessKeys
    {
        /// <summary>AWS's AccessKeysPerUser quota.</summary>
        public const int Quota = 2;

        public static readonly ResourceKind Kind = new("iam/user-access-key", CaseInsensitiveNames: true);

        public static CollectionKey Collection(string account) => new(account, "", Kind);

        public static string Prefix(string userName) => userName + "/";

        public static ResourceKey Key(string account, string userName, string keyId) => new(account, "", Kind, Prefix(userName) + keyId);

        public static string KeyId(string name) => name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>Validation of user inputs beyond the model's constraints.</summary>
    private static class UserChecks
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html (Path: "/" or /…/ of printable ASCII)
        public static void Path(string path)
        {
            if (path.Length == 0 || path[0] != '/' || path[^1] != '/' || path.Any(c => c < '!' || c > '~'))
            {
                throw IamErrors.InvalidPath();
            }
        }

        public static void Tags(IReadOnlyList<Tag> tags)
        {
            if (tags.Select(t => t.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
            {
                throw IamErrors.DuplicateRoleTags();
            }
        }

        public static void Boundary(IamStore iam, string arn)
        {
            var parts = arn.Split(':', 6);
            if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
            {
                throw IamErrors.InvalidBoundaryArn(arn);
            }

            if (iam.FindPolicy(arn) is null)
            {
                throw IamErrors.NoSuchBoundary(arn);
            }
        }

        /// <summary>Validates an identity policy document as IAM does, in IAM's words.</summary>
        public static void IdentityDocument(string document)
        {
            var parsed = PolicyParser.Parse(document, Stevedore.Policy.Document.PolicyType.Identity);
            if (!parsed.Success)
            {
                throw IamErrors.From(parsed.FirstError!);
            }
        }

    }

    /// <summary>User errors not shared with other IAM areas.</summary>
    private static class UserErrors
    {
        // What IAM answers a role session (or root, for keys) that omits UserName.
        public static AwsServiceException MustSpecifyUserName() =>
            new("ValidationError", "Must specify userName when calling with non-User credentials", 400);
    }
}
