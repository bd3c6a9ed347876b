using System.Globalization;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>Managed policies: customer policies with versions, and the AWS-managed catalog (read-only).</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
public sealed partial class IamService
{
    private const int MaxPolicyVersions = 5;

    partial void RegisterPolicies()
    {
        Register("CreatePolicy", c => new AuthorizationTarget(Action(c), PolicyArn(c.AccountId, c.String("Path") ?? "/", c.RequiredString("PolicyName"))), CreatePolicy);
        Register("GetPolicy", PolicyTarget, GetPolicy);
        Register("ListPolicies", c => new AuthorizationTarget(Action(c), "*"), ListPolicies);
        Register("CreatePolicyVersion", PolicyTarget, CreatePolicyVersion);
        Register("GetPolicyVersion", PolicyTarget, GetPolicyVersion);
        Register("ListPolicyVersions", PolicyTarget, ListPolicyVersions);
        Register("SetDefaultPolicyVersion", PolicyTarget, SetDefaultPolicyVersion);
        Register("DeletePolicyVersion", PolicyTarget, DeletePolicyVersion);
        Register("DeletePolicy", PolicyTarget, DeletePolicy);
        Register("ListEntitiesForPolicy", PolicyTarget, ListEntitiesForPolicy);
        RegisterAttachments();
    }

    private static string PolicyArn(string account, string path, string name) => Arn(account, "policy", path, name);

    /// <summary>
    /// The policy ARN; AWS-managed policies (account <c>aws</c>) are authorized as the caller's own, by identity
    /// policies alone, since IAM policies have no resource policy.
    /// </summary>
    private AuthorizationTarget PolicyTarget(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        return new(Action(context), arn, ResourceAccount: arn.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal) ? context.AccountId : null);
    }

    private JsonObject CreatePolicy(OperationContext context)
    {
        var name = context.RequiredString("PolicyName");
        var path = context.String("Path") ?? "/";
        var document = context.RequiredString("PolicyDocument");
        ValidateManagedDocument(document);
        var tags = IamWire.ReadTags(context.Input["Tags"]);
        var policy = new ManagedPolicy(
            AccountId: context.AccountId,
            PolicyName: name,
            PolicyId: Ids.UniqueId(IamIds.PolicyPrefix),
            Path: path,
            Arn: PolicyArn(context.AccountId, path, name),
            Description: context.String("Description"),
            CreateDate: context.Now,
            UpdateDate: context.Now,
            Tags: tags,
            Versions: [new PolicyVersion("v1", document, true, context.Now)],
            NextVersionNumber: 2);
        try
        {
            context.Store.Write(tx => tx.Insert(IamStore.PolicyKey(context.AccountId, name), IamStore.Write(policy)));
        }
        catch (ItemAlreadyExistsException)
        {
            throw IamErrors.PolicyExists(name);
        }

        // CreatePolicy answers without the description (as AWS does); tags only when some were given.
        var rendered = RenderPolicy(policy, default, withDetails: false);
        if (tags.Count > 0)
        {
            rendered["Tags"] = IamWire.Tags(tags);
        }

        return new JsonObject { ["Policy"] = rendered };
    }

    private static JsonObject GetPolicy(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        return context.Store.Read(reader =>
        {
            var policy = LookupPolicy(reader, context.AccountId, arn) ?? throw IamErrors.NoSuchPolicy(arn);
            return new JsonObject { ["Policy"] = RenderPolicy(policy, ScanUsage(reader, context.AccountId).For(arn), withDetails: true) };
        });
    }

    private static JsonObject ListPolicies(OperationContext context)
    {
        var scope = context.String("Scope") ?? "All";
        var onlyAttached = context.Bool("OnlyAttached") ?? false;
        var pathPrefix = context.String("PathPrefix") ?? "/";
        var usageFilter = context.String("PolicyUsageFilter");
        var (policies, usage) = context.Store.Read(reader =>
        {
            var found = new List<ManagedPolicy>();
            if (scope is "All" or "AWS")
            {
                found.AddRange(AwsManagedPolicies.All);
            }

            if (scope is "All" or "Local")
            {
                found.AddRange(AllItems(reader, new CollectionKey(context.AccountId, "", IamStore.Policies)).Select(i => IamStore.ReadPolicy(i.Document)));
            }

            return (found, ScanUsage(reader, context.AccountId));
        });

        var selected = policies
            .Where(p => p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .Where(p =>
            {
                var counts = usage.For(p.Arn);
                return usageFilter switch
                {
                    "PermissionsPolicy" => !onlyAttached || counts.Attachments > 0,
                    "PermissionsBoundary" => counts.Boundaries > 0,
                    _ => !onlyAttached || counts.Attachments > 0,
                };
            })
            .OrderBy(ListKey, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return IamWire.Page(selected, ListKey, context.Input, "Policies", p => RenderPolicy(p, usage.For(p.Arn), withDetails: false));

        // Names may repeat across scopes (a customer policy may be called AdministratorAccess): the ARN breaks ties.
        static string ListKey(ManagedPolicy p) => p.PolicyName + "\u0001" + p.Arn;
    }

    private static JsonObject CreatePolicyVersion(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var document = context.RequiredString("PolicyDocument");
        var setAsDefault = context.Bool("SetAsDefault") ?? false;
        RequireOwnPolicy(context, arn);
        ValidateManagedDocument(document);
        var version = context.Store.Write(tx =>
        {
            var (item, policy) = ReadOwnPolicy(tx, context, arn);
            if (policy.Versions.Count >= MaxPolicyVersions)
            {
                throw IamErrors.TooManyVersions();
            }

            var created = new PolicyVersion($"v{policy.NextVersionNumber}", document, setAsDefault, context.Now);
            var versions = policy.Versions.Select(v => setAsDefault ? v with { IsDefaultVersion = false } : v).Append(created).ToList();
            tx.Update(item.Key, IamStore.Write(policy with { Versions = versions, NextVersionNumber = policy.NextVersionNumber + 1, UpdateDate = context.Now }), item.Version);
            return created;
        });
        return new JsonObject { ["PolicyVersion"] = RenderVersion(version, withDocument: false) };
    }

    private static JsonObject GetPolicyVersion(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var versionId = context.RequiredString("VersionId");
        var policy = LookupPolicy(context.Store, context.AccountId, arn) ?? throw IamErrors.NoSuchPolicy(arn);
        var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw IamErrors.NoSuchPolicyVersion(arn, versionId);
        return new JsonObject { ["PolicyVersion"] = RenderVersion(version, withDocument: true) };
    }

    private static JsonObject ListPolicyVersions(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var policy = LookupPolicy(context.Store, context.AccountId, arn) ?? throw IamErrors.NoSuchPolicy(arn);

        // Newest first, as IAM lists them; the page key sorts descending version numbers ascending.
        var versions = policy.Versions.OrderBy(VersionKey, StringComparer.Ordinal).ToList();
        return IamWire.Page(versions, VersionKey, context.Input, "Versions", v => RenderVersion(v, withDocument: false));

        static string VersionKey(PolicyVersion v) =>
            (int.MaxValue - int.Parse(v.VersionId.AsSpan(1), CultureInfo.InvariantCulture)).ToString("D10", CultureInfo.InvariantCulture);
    }

    private static JsonObject? SetDefaultPolicyVersion(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var versionId = context.RequiredString("VersionId");
        RequireOwnPolicy(context, arn);
        context.Store.Write(tx =>
        {
            var (item, policy) = ReadOwnPolicy(tx, context, arn);
            if (policy.Versions.All(v => v.VersionId != versionId))
            {
                throw IamErrors.NoSuchPolicyVersion(arn, versionId);
            }

            var versions = policy.Versions.Select(v => v with { IsDefaultVersion = v.VersionId == versionId }).ToList();
            tx.Update(item.Key, IamStore.Write(policy with { Versions = versions }), item.Version);
        });
        return null;
    }

    private static JsonObject? DeletePolicyVersion(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var versionId = context.RequiredString("VersionId");
        RequireOwnPolicy(context, arn);
        context.Store.Write(tx =>
        {
            var (item, policy) = ReadOwnPolicy(tx, context, arn);
            var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw IamErrors.NoSuchPolicyVersion(arn, versionId);
            if (version.IsDefaultVersion)
            {
                throw IamErrors.DefaultVersion();
            }

            tx.Update(item.Key, IamStore.Write(policy with { Versions = [.. policy.Versions.Where(v => v.VersionId != versionId)] }), item.Version);
        });
        return null;
    }

    private static JsonObject? DeletePolicy(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        RequireOwnPolicy(context, arn);
        context.Store.Write(tx =>
        {
            var (item, policy) = ReadOwnPolicy(tx, context, arn);
            var counts = ScanUsage(tx, context.AccountId).For(arn);
            if (counts.Attachments > 0 || counts.Boundaries > 0)
            {
                throw IamErrors.PolicyAttached();
            }

            if (policy.Versions.Count > 1)
            {
                throw IamErrors.PolicyHasVersions();
            }

            tx.Delete(item.Key, item.Version);
        });
        return null;
    }

    private static JsonObject ListEntitiesForPolicy(OperationContext context)
    {
        var arn = context.RequiredString("PolicyArn");
        var filter = context.String("EntityFilter");
        var pathPrefix = context.String("PathPrefix") ?? "/";
        var usageFilter = context.String("PolicyUsageFilter");
        var entities = context.Store.Read(reader =>
        {
            _ = LookupPolicy(reader, context.AccountId, arn) ?? throw IamErrors.NoSuchPolicy(arn);
            var found = new List<(string Key, string Member, JsonObject Entity)>();
            if (filter is null or "Role")
            {
                foreach (var role in AllItems(reader, new CollectionKey(context.AccountId, "", IamStore.Roles)).Select(i => IamStore.ReadRole(i.Document)))
                {
                    if (role.Path.StartsWith(pathPrefix, StringComparison.Ordinal) && Uses(role.AttachedPolicyArns, role.PermissionsBoundaryArn))
                    {
                        found.Add(("2" + role.RoleName, "PolicyRoles", new JsonObject { ["RoleName"] = role.RoleName, ["RoleId"] = role.RoleId }));
                    }
                }
            }

            if (filter is null or "User")
            {
                foreach (var user in AllItems(reader, new CollectionKey(context.AccountId, "", IamStore.Users)).Select(i => IamStore.ReadUser(i.Document)))
                {
                    if (user.Path.StartsWith(pathPrefix, StringComparison.Ordinal) && Uses(user.AttachedPolicyArns, user.PermissionsBoundaryArn))
                    {
                        found.Add(("1" + user.UserName, "PolicyUsers", new JsonObject { ["UserName"] = user.UserName, ["UserId"] = user.UserId }));
                    }
                }
            }

            return found.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).ToList();
        });

        // One page across the three lists (groups, users, roles), then split by kind.
        var page = IamWire.Page(entities, e => e.Key, context.Input, "Entities", e => new JsonObject { ["Member"] = e.Member, ["Entity"] = e.Entity.DeepClone() });
        var output = new JsonObject { ["PolicyGroups"] = new JsonArray(), ["PolicyUsers"] = new JsonArray(), ["PolicyRoles"] = new JsonArray() };
        foreach (var entry in page["Entities"]!.AsArray())
        {
            output[entry!["Member"]!.GetValue<string>()]!.AsArray().Add(entry["Entity"]!.DeepClone());
        }

        output["IsTruncated"] = page["IsTruncated"]!.DeepClone();
        if (page["Marker"] is { } marker)
        {
            output["Marker"] = marker.DeepClone();
        }

        return output;

        bool Uses(IReadOnlyList<string> attached, string? boundary) => usageFilter switch
        {
            "PermissionsPolicy" => attached.Contains(arn, StringComparer.Ordinal),
            "PermissionsBoundary" => boundary == arn,
            _ => attached.Contains(arn, StringComparer.Ordinal) || boundary == arn,
        };
    }

    /// <summary>Parses and sizes a managed policy document as CreatePolicy and CreatePolicyVersion do.</summary>
    private static void ValidateManagedDocument(string document)
    {
        if (PolicySizeLimits.CheckManaged(document) is { } tooLarge)
        {
            throw IamErrors.Limit(tooLarge.Message);
        }

        var parsed = PolicyParser.Parse(document, PolicyType.Identity, ValidationOptions.Managed);
        if (parsed.FirstError is { } error)
        {
            throw IamErrors.From(error);
        }
    }

    /// <summary>Customers change only their own account's policies; AWS's and other accounts' answer AccessDenied.</summary>
    private static void RequireOwnPolicy(OperationContext context, string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length == 6 && parts[4] != context.AccountId)
        {
            throw IamErrors.OutsideAccount(context.Operation);
        }
    }

    private static (StoredItem Item, ManagedPolicy Policy) ReadOwnPolicy(IStoreReader reader, OperationContext context, string arn)
    {
        if (PolicyNameOf(arn) is { } name && reader.Get(IamStore.PolicyKey(context.AccountId, name)) is { } item
            && IamStore.ReadPolicy(item.Document) is var policy && policy.Arn == arn)
        {
            return (item, policy);
        }

        throw IamErrors.NoSuchPolicy(arn);
    }

    /// <summary>An AWS-managed policy from the catalog, or a customer policy of the caller's account.</summary>
    private static ManagedPolicy? LookupPolicy(IStoreReader reader, string account, string arn)
    {
        if (AwsManagedPolicies.TryGet(arn, out var managed))
        {
            return managed;
        }

        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[4] == account && PolicyNameOf(arn) is { } name && reader.Get(IamStore.PolicyKey(account, name)) is { } item
            && IamStore.ReadPolicy(item.Document) is var policy && policy.Arn == arn
            ? policy
            : null;
    }

    /// <summary>The name in <c>arn:aws:iam::ACCOUNT:policy/path/name</c>, or null when the ARN is not a policy ARN.</summary>
    private static string? PolicyNameOf(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0 || parts[4].Length == 0
            || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
        {
            return null;
        }

        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        return name.Length == 0 ? null : name;
    }

    private static JsonObject RenderPolicy(ManagedPolicy policy, PolicyCounts counts, bool withDetails)
    {
        var rendered = new JsonObject
        {
            ["PolicyName"] = policy.PolicyName,
            ["PolicyId"] = policy.PolicyId,
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.DefaultVersion.VersionId,
            ["AttachmentCount"] = counts.Attachments,
            ["PermissionsBoundaryUsageCount"] = counts.Boundaries,
            ["IsAttachable"] = true,
        };
        if (withDetails && policy.Description is { } description)
        {
            rendered["Description"] = description;
        }

        rendered["CreateDate"] = policy.CreateDate;
        rendered["UpdateDate"] = policy.UpdateDate;
        if (withDetails)
        {
            rendered["Tags"] = IamWire.Tags(policy.Tags);
        }

        return rendered;
    }

    private static JsonObject RenderVersion(PolicyVersion version, bool withDocument)
    {
        var rendered = new JsonObject();
        if (withDocument)
        {
            rendered["Document"] = IamWire.EncodeDocument(version.Document);
        }

        rendered["VersionId"] = version.VersionId;
        rendered["IsDefaultVersion"] = version.IsDefaultVersion;
        rendered["CreateDate"] = version.CreateDate;
        return rendered;
    }

    /// <summary>Every item of a collection, page by page.</summary>
    private static IEnumerable<StoredItem> AllItems(IStoreReader reader, CollectionKey collection)
    {
        string? marker = null;
        do
        {
            var page = reader.List(new ListQuery(collection, Limit: 1000, Marker: marker));
            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    /// <summary>
    /// How the account's roles and users use each managed policy. Counted by scanning them, so an AWS-managed
    /// policy's counts are per account, as IAM shows them.
    /// </summary>
    private static PolicyUsage ScanUsage(IStoreReader reader, string account)
    {
        var usage = new PolicyUsage();
        foreach (var role in AllItems(reader, new CollectionKey(account, "", IamStore.Roles)).Select(i => IamStore.ReadRole(i.Document)))
        {
            usage.Add(role.AttachedPolicyArns, role.PermissionsBoundaryArn);
        }

        foreach (var user in AllItems(reader, new CollectionKey(account, "", IamStore.Users)).Select(i => IamStore.ReadUser(i.Document)))
        {
            usage.Add(user.AttachedPolicyArns, user.PermissionsBoundaryArn);
        }

        return usage;
    }

    private readonly record struct PolicyCounts(int Attachments, int Boundaries);

    private sealed class PolicyUsage
    {
        private readonly Dictionary<string, PolicyCounts> _counts = new(StringComparer.Ordinal);

        public PolicyCounts For(string arn) => _counts.GetValueOrDefault(arn);

        public void Add(IEnumerable<string> attached, string? boundary)
        {
            foreach (var arn in attached.Distinct(StringComparer.Ordinal))
            {
                var counts = For(arn);
                _counts[arn] = counts with { Attachments = counts.Attachments + 1 };
            }

            if (boundary is not null)
            {
                var counts = For(boundary);
                _counts[boundary] = counts with { Boundaries = counts.Boundaries + 1 };
            }
        }
    }
}
