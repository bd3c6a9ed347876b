using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>Managed policies attached to roles and users.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
public sealed partial class IamService
{
    /// <summary>The default quota of managed policies attached to one role or one user.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    private const int ManagedPoliciesPerEntity = 10;

    private static readonly Holder RoleHolder = new(
        "RoleName", "role", IamStore.RoleKey, IamErrors.NoSuchRole, IamErrors.PoliciesPerRole,
        doc => IamStore.ReadRole(doc) is var r ? (r.Arn, r.AttachedPolicyArns) : default,
        (doc, attached) => IamStore.Write(IamStore.ReadRole(doc) with { AttachedPolicyArns = attached }));

    private static readonly Holder UserHolder = new(
        "UserName", "user", IamStore.UserKey, IamErrors.NoSuchUser, IamErrors.PoliciesPerUser,
        doc => IamStore.ReadUser(doc) is var u ? (u.Arn, u.AttachedPolicyArns) : default,
        (doc, attached) => IamStore.Write(IamStore.ReadUser(doc) with { AttachedPolicyArns = attached }));

    private void RegisterAttachments()
    {
        foreach (var (holder, kind) in new[] { (RoleHolder, "Role"), (UserHolder, "User") })
        {
            Register($"Attach{kind}Policy", c => HolderTarget(c, holder), c => Attach(c, holder));
            Register($"Detach{kind}Policy", c => HolderTarget(c, holder), c => Detach(c, holder));
            Register($"ListAttached{kind}Policies", c => HolderTarget(c, holder), c => ListAttached(c, holder));
        }
    }

    /// <summary>The role or user ARN (with its path when it exists) the operation is authorized against.</summary>
    private AuthorizationTarget HolderTarget(OperationContext context, Holder holder)
    {
        var name = context.RequiredString(holder.NameMember);
        var arn = context.Store.Get(holder.Key(context.AccountId, name)) is { } item
            ? holder.Read(item.Document).Arn
            : Arn(context.AccountId, holder.ArnType, "/", name);
        return new AuthorizationTarget(Action(context), arn);
    }

    private static JsonObject? Attach(OperationContext context, Holder holder)
    {
        var name = context.RequiredString(holder.NameMember);
        var arn = context.RequiredString("PolicyArn");
        if (PolicyNameOf(arn) is null)
        {
            throw IamErrors.InvalidArn(arn);
        }

        context.Store.Write(tx =>
        {
            var item = tx.Get(holder.Key(context.AccountId, name)) ?? throw holder.NoSuchEntity(name);
            var policy = LookupPolicy(tx, context.AccountId, arn) ?? throw IamErrors.NotAttachable(arn);

            // Service-linked role policies are AWS's to attach; service-role/ ones (the ECS execution role's) are not.
            if (policy.IsAwsManaged && policy.Path.StartsWith("/aws-service-role/", StringComparison.Ordinal))
            {
                throw IamErrors.ServiceRolePolicyNotAttachable();
            }

            var attached = holder.Read(item.Document).Attached;
            if (attached.Contains(arn, StringComparer.Ordinal))
            {
                return;
            }

            if (attached.Count >= ManagedPoliciesPerEntity)
            {
                throw holder.Quota(ManagedPoliciesPerEntity);
            }

            tx.Update(item.Key, holder.WithAttached(item.Document, [.. attached, arn]), item.Version);
        });
        return null;
    }

    private static JsonObject? Detach(OperationContext context, Holder holder)
    {
        var name = context.RequiredString(holder.NameMember);
        var arn = context.RequiredString("PolicyArn");
        if (PolicyNameOf(arn) is null)
        {
            throw IamErrors.InvalidArn(arn);
        }

        context.Store.Write(tx =>
        {
            var item = tx.Get(holder.Key(context.AccountId, name)) ?? throw holder.NoSuchEntity(name);
            var attached = holder.Read(item.Document).Attached;
            if (!attached.Contains(arn, StringComparer.Ordinal))
            {
                throw IamErrors.NoSuchPolicy(arn);
            }

            tx.Update(item.Key, holder.WithAttached(item.Document, [.. attached.Where(a => a != arn)]), item.Version);
        });
        return null;
    }

    private static JsonObject ListAttached(OperationContext context, Holder holder)
    {
        var name = context.RequiredString(holder.NameMember);
        var pathPrefix = context.String("PathPrefix") ?? "/";
        var item = context.Store.Get(holder.Key(context.AccountId, name)) ?? throw holder.NoSuchEntity(name);
        var attached = holder.Read(item.Document).Attached
            .Select(arn => (Arn: arn, Name: PolicyNameOf(arn) ?? arn, Path: PolicyPathOf(arn)))
            .Where(p => p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .OrderBy(p => p.Name + "\u0001" + p.Arn, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return IamWire.Page(attached, p => p.Name + "\u0001" + p.Arn, context.Input, "AttachedPolicies",
            p => new JsonObject { ["PolicyName"] = p.Name, ["PolicyArn"] = p.Arn });
    }

    /// <summary>The path in <c>arn:aws:iam::ACCOUNT:policy/path/name</c> (<c>/path/</c>, or <c>/</c>).</summary>
    private static string PolicyPathOf(string arn)
    {
        var resource = arn.Split(':', 6)[^1];
        return resource[(resource.IndexOf('/', StringComparison.Ordinal))..(resource.LastIndexOf('/') + 1)];
    }

    /// <summary>What differs between roles and users for attachments.</summary>
    private sealed record Holder(
        string NameMember,
        string ArnType,
        Func<string, string, ResourceKey> Key,
        Func<string, Exception> NoSuchEntity,
        Func<int, Exception> Quota,
        Func<string, (string Arn, IReadOnlyList<string> Attached)> Read,
        Func<string, IReadOnlyList<string>, string> WithAttached);
}
