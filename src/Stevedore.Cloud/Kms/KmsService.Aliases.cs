using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Kms;

/// <summary>
/// Aliases. An alias operation is authorized twice: on the alias ARN (IAM policies only: an alias has no policy) and on
/// the key (its key policy).
/// </summary>
// https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
public sealed partial class KmsService
{
    partial void RegisterAliases()
    {
        Register("CreateAlias", AliasTarget, CreateAlias);
        Register("DeleteAlias", AliasTarget, DeleteAlias);
        Register("UpdateAlias", AliasTarget, UpdateAlias);
        Register("ListAliases", c => new AuthorizationTarget(Action(c), "*"), ListAliases);
    }

    private AuthorizationTarget AliasTarget(OperationContext context)
    {
        var name = context.RequiredString("AliasName");
        return new AuthorizationTarget(Action(context), KmsKeys.AliasArn(context.Region, context.AccountId, name));
    }

    private static void CheckAliasName(string name)
    {
        if (!name.StartsWith("alias/", StringComparison.Ordinal))
        {
            throw KmsErrors.AliasPrefix();
        }

        if (name.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw KmsErrors.ReservedAlias(name);
        }
    }

    /// <summary>The target key of CreateAlias/UpdateAlias: a key id or key ARN of the caller's account, authorized on its key policy.</summary>
    private KmsKey AuthorizedTargetKey(OperationContext context)
    {
        var key = KmsKeys.Resolve(context, context.RequiredString("TargetKeyId")).Key;
        if (key.AccountId != context.AccountId)
        {
            throw KmsErrors.KeyNotFound(key.Arn);
        }

        context.Authorize(KmsKeys.Target(context, Action(context), key));
        return key;
    }

    private JsonObject? CreateAlias(OperationContext context)
    {
        var name = context.RequiredString("AliasName");
        CheckAliasName(name);
        var key = AuthorizedTargetKey(context);
        var arn = KmsKeys.AliasArn(context.Region, context.AccountId, name);
        context.Store.Write(tx =>
        {
            try
            {
                tx.Insert(KmsStore.AliasKey(context.AccountId, context.Region, name),
                    KmsStore.Write(new KmsAlias(context.AccountId, context.Region, name, arn, key.KeyId, context.Now, context.Now)));
            }
            catch (ItemAlreadyExistsException)
            {
                throw KmsErrors.AliasExists(arn);
            }
        });
        return null;
    }

    private JsonObject? DeleteAlias(OperationContext context)
    {
        var alias = LoadAlias(context);
        if (KmsKeys.FindLive(context, alias.AccountId, alias.Region, alias.TargetKeyId) is { } key)
        {
            context.Authorize(KmsKeys.Target(context, Action(context), key));
        }

        context.Store.Write(tx => tx.Delete(KmsStore.AliasKey(alias.AccountId, alias.Region, alias.AliasName)));
        return null;
    }

    private JsonObject? UpdateAlias(OperationContext context)
    {
        var alias = LoadAlias(context);
        if (alias.AliasName.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw KmsErrors.ReservedAlias(alias.AliasName);
        }

        if (KmsKeys.FindLive(context, alias.AccountId, alias.Region, alias.TargetKeyId) is { } current)
        {
            context.Authorize(KmsKeys.Target(context, Action(context), current));
        }

        var key = AuthorizedTargetKey(context);
        context.Store.Write(tx => tx.Put(KmsStore.AliasKey(alias.AccountId, alias.Region, alias.AliasName),
            KmsStore.Write(alias with { TargetKeyId = key.KeyId, LastUpdatedDate = context.Now })));
        return null;
    }

    private static KmsAlias LoadAlias(OperationContext context)
    {
        var name = context.RequiredString("AliasName");
        return KmsStore.FindAlias(context.Store, context.AccountId, context.Region, name)
            ?? throw KmsErrors.AliasNotFound(KmsKeys.AliasArn(context.Region, context.AccountId, name));
    }

    private static JsonObject ListAliases(OperationContext context)
    {
        string? keyId = null;
        if (context.String("KeyId") is { } reference)
        {
            keyId = KmsKeys.Resolve(context, reference).Key.KeyId;
        }

        var page = Page(context, new CollectionKey(context.AccountId, context.Region, KmsStore.Aliases));
        var aliases = new JsonArray();
        foreach (var alias in page.Items.Select(i => KmsStore.ReadAlias(i.Document)).Where(a => keyId is null || a.TargetKeyId == keyId))
        {
            aliases.Add((JsonNode)(new JsonObject
            {
                ["AliasName"] = alias.AliasName,
                ["AliasArn"] = alias.AliasArn,
                ["TargetKeyId"] = alias.TargetKeyId,
                ["CreationDate"] = alias.CreationDate,
                ["LastUpdatedDate"] = alias.LastUpdatedDate,
            }));
        }

        return WithPaging(new JsonObject { ["Aliases"] = aliases }, page);
    }
}
