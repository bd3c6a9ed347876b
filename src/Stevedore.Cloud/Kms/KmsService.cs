using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Evaluation;
using Stevedore.Storage;

namespace Stevedore.Cloud.Kms;

/// <summary>AWS Key Management Service: symmetric keys, aliases, key policies, encryption and data keys.</summary>
public sealed partial class KmsService : AwsService
{
    public KmsService()
        : base("kms")
    {
        RegisterKeys();
        RegisterKeyPolicies();
        RegisterAliases();
        RegisterCrypto();
    }

    partial void RegisterKeys();

    partial void RegisterKeyPolicies();

    partial void RegisterAliases();

    partial void RegisterCrypto();

    /// <summary>JSON services answer AccessDeniedException with HTTP 400.</summary>
    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    /// <summary>The key a request's <c>KeyId</c> names, and the target of this operation on it.</summary>
    private AuthorizationTarget KeyTarget(OperationContext context)
    {
        var resolved = KmsKeys.Resolve(context, context.RequiredString("KeyId"));
        return KmsKeys.Target(context, Action(context), resolved.Key, resolved.RequestAlias);
    }

    private static KmsKey LoadKey(OperationContext context) => KmsKeys.Resolve(context, context.RequiredString("KeyId")).Key;

    /// <summary>Replaces a key of the caller's account (or another account's, by ARN) with <paramref name="change"/>'s result.</summary>
    private static KmsKey ChangeKey(OperationContext context, KmsKey key, Func<KmsKey, KmsKey> change) =>
        context.Store.Write(tx =>
        {
            var itemKey = KmsStore.KeyKey(key.AccountId, key.Region, key.KeyId);
            var item = tx.Get(itemKey) ?? throw KmsErrors.KeyNotFound(key.Arn);
            var changed = change(KmsStore.ReadKey(item.Document));
            tx.Update(itemKey, KmsStore.Write(changed), item.Version);
            return changed;
        });

    /// <summary>KeyMetadata as DescribeKey, CreateKey and the others render it.</summary>
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    private static JsonObject Metadata(KmsKey key)
    {
        var metadata = new JsonObject
        {
            ["AWSAccountId"] = key.AccountId,
            ["KeyId"] = key.KeyId,
            ["Arn"] = key.Arn,
            ["CreationDate"] = key.CreationDate,
            ["Enabled"] = key.KeyState == KmsKey.Enabled,
            ["Description"] = key.Description,
            ["KeyUsage"] = "ENCRYPT_DECRYPT",
            ["KeyState"] = key.KeyState,
            ["Origin"] = "AWS_KMS",
            ["KeyManager"] = key.KeyManager,
            ["CustomerMasterKeySpec"] = "SYMMETRIC_DEFAULT",
            ["KeySpec"] = "SYMMETRIC_DEFAULT",
            ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
            ["MultiRegion"] = false,
        };
        if (key.DeletionDate is { } deletion)
        {
            metadata["DeletionDate"] = deletion;
        }

        return metadata;
    }

    /// <summary>Validates and compiles a key policy; a document the engine cannot read is MalformedPolicyDocumentException.</summary>
    private static void CheckPolicy(string policy, string keyArn)
    {
        try
        {
            KmsKeys.Compile(policy, keyArn);
        }
        catch (PolicyParseException error)
        {
            throw KmsErrors.MalformedPolicy(error.Message);
        }
    }

    /// <summary>
    /// The policy lockout safety check: unless bypassed, the caller must still be allowed kms:PutKeyPolicy under the new policy.
    /// </summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
    private static void CheckLockout(OperationContext context, KmsKey withNewPolicy)
    {
        if (context.Bool("BypassPolicyLockoutSafetyCheck") == true)
        {
            return;
        }

        if (!context.IsAllowed(KmsKeys.Target(context, "kms:PutKeyPolicy", withNewPolicy)))
        {
            throw KmsErrors.Lockout();
        }
    }

    private static int PageLimit(OperationContext context) => context.Int("Limit") ?? 100;

    private static ItemPage Page(OperationContext context, CollectionKey collection)
    {
        try
        {
            return context.Store.List(new ListQuery(collection, Limit: PageLimit(context), Marker: context.String("Marker")));
        }
        catch (InvalidMarkerException)
        {
            throw new AwsServiceException("InvalidMarkerException", "Invalid marker");
        }
    }

    private static JsonObject WithPaging(JsonObject output, ItemPage page)
    {
        output["Truncated"] = page.IsTruncated;
        if (page.NextMarker is { } next)
        {
            output["NextMarker"] = next;
        }

        return output;
    }
}
