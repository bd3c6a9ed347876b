using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>Roles: create, read, list, update, delete, trust policy, tags and permissions boundary.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html and the other role operations
public sealed partial class IamService
{
    private const int DefaultMaxSessionDuration = 3600;
    private const int MaxTagsPerRole = 50;

    partial void RegisterRoles()
    {
        Register("CreateRole", c => new AuthorizationTarget(Action(c), Arn(c.AccountId, "role", c.String("Path") ?? "/", c.RequiredString("RoleName"))), CreateRole);
        Register("GetRole", RoleTarget, GetRole);
        Register("ListRoles", c => new AuthorizationTarget(Action(c), "*"), ListRoles);
        Register("UpdateRole", RoleTarget, UpdateRole);
        Register("UpdateRoleDescription", RoleTarget, UpdateRoleDescription);
        Register("DeleteRole", RoleTarget, DeleteRole);
        Register("UpdateAssumeRolePolicy", RoleTarget, UpdateAssumeRolePolicy);
        Register("TagRole", RoleTarget, TagRole);
        Register("UntagRole", RoleTarget, UntagRole);
        Register("ListRoleTags", RoleTarget, ListRoleTags);
        Register("PutRolePermissionsBoundary", RoleTarget, PutRolePermissionsBoundary);
        Register("DeleteRolePermissionsBoundary", RoleTarget, DeleteRolePermissionsBoundary);
        RegisterRolePolicies();
    }

    partial void RegisterRolePolicies();

    /// <summary>An operation on an existing role is authorized against its ARN (with its path); a missing one against path <c>/</c>.</summary>
    private AuthorizationTarget RoleTarget(OperationContext context)
    {
        var name = context.RequiredString("RoleName");
        var arn = new IamStore(context.Store).FindRole(context.AccountId, name)?.Arn ?? Arn(context.AccountId, "role", "/", name);
        return new AuthorizationTarget(Action(context), arn);
    }

    private JsonObject CreateRole(OperationContext context)
    {
        var name = context.RequiredString("RoleName");
        var path = context.String("Path") ?? "/";
        if (!RolePathPattern().IsMatch(path))
        {
            throw IamErrors.InvalidPath();
        }

        var trust = context.RequiredString("AssumeRolePolicyDocument");
        CheckTrustPolicy(trust);
        var tags = IamWire.ReadTags(context.Input["Tags"]);
        CheckRoleTags(tags);
        var boundary = context.Input["PermissionsBoundary"]?.GetValue<string>();
        if (boundary is not null)
        {
            CheckBoundary(context.Store, boundary);
        }

        var roleId = Ids.UniqueId(IamIds.RolePrefix);
        var role = new Role(
            context.AccountId,
            name,
            roleId,
            path,
            Arn(context.AccountId, "role", path, name),
            TruncateToSeconds(context.Now),
            trust,
            context.String("Description"),
            context.Int("MaxSessionDuration") ?? DefaultMaxSessionDuration,
            boundary,
            tags,
            [],
            []);
        context.Store.Write(tx =>
        {
            try
            {
                tx.Insert(IamStore.RoleKey(context.AccountId, name), IamStore.Write(role), alias: roleId);
            }
            catch (ItemAlreadyExistsException)
            {
                throw IamErrors.RoleExists(name);
            }
        });

        // CreateRole answers without MaxSessionDuration and RoleLastUsed, as IAM does.
        return new JsonObject { ["Role"] = RenderRole(role, RoleView.Created) };
    }

    private JsonObject GetRole(OperationContext context) =>
        new() { ["Role"] = RenderRole(LoadRole(context), RoleView.Full) };

    private JsonObject ListRoles(OperationContext context)
    {
        var prefix = context.String("PathPrefix") ?? "/";
        var roles = AllRoles(context.Store, context.AccountId)
            .Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return IamWire.Page(roles, r => r.RoleName, context.Input, "Roles", r => RenderRole(r, RoleView.Listed));
    }

    private JsonObject? UpdateRole(OperationContext context)
    {
        var description = context.String("Description");
        var duration = context.Int("MaxSessionDuration");
        ChangeRole(context, role => role with
        {
            Description = description ?? role.Description,
            MaxSessionDuration = duration ?? role.MaxSessionDuration,
        });
        return null;
    }

    private JsonObject UpdateRoleDescription(OperationContext context)
    {
        var description = context.RequiredString("Description");
        var role = ChangeRole(context, role => role with { Description = description });
        return new JsonObject { ["Role"] = RenderRole(role, RoleView.Full) };
    }

    private JsonObject? DeleteRole(OperationContext context)
    {
        var name = context.RequiredString("RoleName");
        context.Store.Write(tx =>
        {
            var key = IamStore.RoleKey(context.AccountId, name);
            var item = tx.Get(key) ?? throw IamErrors.NoSuchRole(name);
            var role = IamStore.ReadRole(item.Document);
            if (role.AttachedPolicyArns.Count > 0)
            {
                throw IamErrors.MustDetachPolicies();
            }

            if (role.InlinePolicies.Count > 0)
            {
                throw IamErrors.MustDeletePolicies();
            }

            tx.Delete(key, item.Version);
        });
        return null;
    }

    private JsonObject? UpdateAssumeRolePolicy(OperationContext context)
    {
        var document = context.RequiredString("PolicyDocument");
        CheckTrustPolicy(document);
        ChangeRole(context, role => role with { AssumeRolePolicyDocument = document });
        return null;
    }

    private JsonObject? TagRole(OperationContext context)
    {
        var added = IamWire.ReadTags(context.Input["Tags"]);
        CheckRoleTags(added);
        ChangeRole(context, role =>
        {
            var tags = role.Tags.Where(t => !added.Any(a => string.Equals(a.Key, t.Key, StringComparison.OrdinalIgnoreCase))).Concat(added).ToList();
            if (tags.Count > MaxTagsPerRole)
            {
                throw IamErrors.TagsPerRole(MaxTagsPerRole);
            }

            return role with { Tags = tags };
        });
        return null;
    }

    private JsonObject? UntagRole(OperationContext context)
    {
        var keys = context.Input["TagKeys"] is JsonArray array ? array.Select(k => k!.GetValue<string>()).ToList() : [];
        ChangeRole(context, role => role with
        {
            Tags = [.. role.Tags.Where(t => !keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase))],
        });
        return null;
    }

    private JsonObject ListRoleTags(OperationContext context)
    {
        var role = LoadRole(context);
        return IamWire.Page(role.Tags, t => t.Key, context.Input, "Tags",
            t => new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value });
    }

    private JsonObject? PutRolePermissionsBoundary(OperationContext context)
    {
        var boundary = context.RequiredString("PermissionsBoundary");
        CheckBoundary(context.Store, boundary);
        ChangeRole(context, role => role with { PermissionsBoundaryArn = boundary });
        return null;
    }

    private JsonObject? DeleteRolePermissionsBoundary(OperationContext context)
    {
        ChangeRole(context, role => role with { PermissionsBoundaryArn = null });
        return null;
    }

    private static Role LoadRole(OperationContext context)
    {
        var name = context.RequiredString("RoleName");
        return new IamStore(context.Store).FindRole(context.AccountId, name) ?? throw IamErrors.NoSuchRole(name);
    }

    /// <summary>Reads, changes and writes back the named role in one transaction; returns the changed role.</summary>
    private static Role ChangeRole(OperationContext context, Func<Role, Role> change)
    {
        var name = context.RequiredString("RoleName");
        return context.Store.Write(tx =>
        {
            var key = IamStore.RoleKey(context.AccountId, name);
            var item = tx.Get(key) ?? throw IamErrors.NoSuchRole(name);
            var changed = change(IamStore.ReadRole(item.Document));
            tx.Update(key, IamStore.Write(changed), item.Version);
            return changed;
        });
    }

    private static List<Role> AllRoles(IStateStore store, string account) => store.Read(reader =>
    {
        var roles = new List<Role>();
        string? marker = null;
        do
        {
            var page = reader.List(new ListQuery(new CollectionKey(account, "", IamStore.Roles), Limit: ListQuery.MaxLimit, Marker: marker));
            roles.AddRange(page.Items.Select(i => IamStore.ReadRole(i.Document)));
            marker = page.NextMarker;
        }
        while (marker is not null);
        return roles;
    });

    private static void CheckTrustPolicy(string document)
    {
        if (PolicyParser.Parse(document, PolicyType.Trust).FirstError is { } error)
        {
            throw IamErrors.From(error);
        }

        if (PolicySizeLimits.CheckTrust(document) is { } limit)
        {
            throw IamErrors.From(limit);
        }
    }


    private static void CheckRoleTags(IReadOnlyList<Tag> tags)
    {
        if (tags.Select(t => t.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
        {
            throw IamErrors.DuplicateRoleTags();
        }
    }

    /// <summary>A permissions boundary must be a managed policy that exists: AWS managed or a customer policy.</summary>
    private static void CheckBoundary(IStateStore store, string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
        {
            throw IamErrors.InvalidBoundaryArn(arn);
        }

        if (new IamStore(store).FindPolicy(arn) is null)
        {
            throw IamErrors.NoSuchBoundary(arn);
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);

    private enum RoleView
    {
        /// <summary>CreateRole's answer: no MaxSessionDuration, no RoleLastUsed.</summary>
        Created,

        /// <summary>ListRoles' elements: no tags, boundary or RoleLastUsed.</summary>
        Listed,

        /// <summary>GetRole and UpdateRoleDescription.</summary>
        Full,
    }

    private static JsonObject RenderRole(Role role, RoleView view)
    {
        var output = new JsonObject
        {
            ["Path"] = role.Path,
            ["RoleName"] = role.RoleName,
            ["RoleId"] = role.RoleId,
            ["Arn"] = role.Arn,
            ["CreateDate"] = role.CreateDate,
            ["AssumeRolePolicyDocument"] = IamWire.EncodeDocument(role.AssumeRolePolicyDocument),
        };
        if (role.Description is not null)
        {
            output["Description"] = role.Description;
        }

        if (view != RoleView.Created)
        {
            output["MaxSessionDuration"] = role.MaxSessionDuration;
        }

        if (view != RoleView.Listed)
        {
            if (role.PermissionsBoundaryArn is { } boundary)
            {
                output["PermissionsBoundary"] = new JsonObject
                {
                    ["PermissionsBoundaryType"] = "Policy",
                    ["PermissionsBoundaryArn"] = boundary,
                };
            }

            if (role.Tags.Count > 0)
            {
                output["Tags"] = IamWire.Tags(role.Tags);
            }
        }

        if (view == RoleView.Full)
        {
            output["RoleLastUsed"] = new JsonObject();
        }

        return output;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path pattern)
    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$")]
    private static partial Regex RolePathPattern();
}
