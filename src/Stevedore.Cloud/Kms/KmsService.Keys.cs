using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Kms;

/// <summary>Keys: create, describe, list, enable/disable, scheduled deletion, tags.</summary>
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html
public sealed partial class KmsService
{
    private const int MinPendingWindow = 7;
    private const int MaxPendingWindow = 30;

    partial void RegisterKeys()
    {
        Register("CreateKey", CreateKeyTarget, CreateKey);
        Register("DescribeKey", KeyTarget, c => new JsonObject { ["KeyMetadata"] = Metadata(LoadKey(c)) });
        Register("ListKeys", c => new AuthorizationTarget(Action(c), "*"), ListKeys);
        Register("EnableKey", KeyTarget, c => SetState(c, KmsKey.Enabled));
        Register("DisableKey", KeyTarget, c => SetState(c, KmsKey.Disabled));
        Register("ScheduleKeyDeletion", KeyTarget, ScheduleKeyDeletion);
        Register("CancelKeyDeletion", KeyTarget, CancelKeyDeletion);
        Register("TagResource", c => KeyTarget(c).WithRequestTags(Tags(c.Input["Tags"])), TagResource);
        Register("UntagResource", c => KeyTarget(c).WithTagKeys(TagKeys(c.Input["TagKeys"])), UntagResource);
        Register("ListResourceTags", KeyTarget, ListResourceTags);
    }

    // kms:CreateKey is authorized on "*" (the key does not exist yet), with the request's properties.
    // https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
    private AuthorizationTarget CreateKeyTarget(OperationContext context) =>
        new AuthorizationTarget(Action(context), "*")
            .With("kms:KeySpec", context.String("KeySpec") ?? context.String("CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT")
            .With("kms:KeyUsage", context.String("KeyUsage") ?? "ENCRYPT_DECRYPT")
            .With("kms:KeyOrigin", context.String("Origin") ?? "AWS_KMS")
            .With("kms:BypassPolicyLockoutSafetyCheck", context.Bool("BypassPolicyLockoutSafetyCheck") == true ? "true" : "false")
            .WithRequestTags(Tags(context.Input["Tags"]));

    private static JsonObject CreateKey(OperationContext context)
    {
        var spec = context.String("KeySpec") ?? context.String("CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
        if (spec != "SYMMETRIC_DEFAULT" || (context.String("KeyUsage") ?? "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT" ||
            (context.String("Origin") ?? "AWS_KMS") != "AWS_KMS" || context.Bool("MultiRegion") == true)
        {
            throw KmsErrors.Unsupported("Stevedore emulates only single-Region SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys with AWS_KMS key material.");
        }

        var id = Guid.NewGuid().ToString();
        var arn = KmsKeys.KeyArn(context.Region, context.AccountId, id);
        var policy = context.String("Policy");
        var key = new KmsKey(context.AccountId, context.Region, id, arn, context.Now, context.String("Description") ?? "", KmsKey.Enabled,
            "CUSTOMER", policy ?? KmsKeyPolicies.Default(context.AccountId), Convert.ToBase64String(KmsCiphertext.NewMaterial()),
            Tags(context.Input["Tags"]));
        if (policy is not null)
        {
            CheckPolicy(policy, arn);
            CheckLockout(context, key);
        }

        context.Store.Write(tx => tx.Insert(KmsStore.KeyKey(key.AccountId, key.Region, id), KmsStore.Write(key), alias: arn));
        return new JsonObject { ["KeyMetadata"] = Metadata(key) };
    }

    private static JsonObject ListKeys(OperationContext context)
    {
        var page = Page(context, new Storage.CollectionKey(context.AccountId, context.Region, KmsStore.Keys));
        var keys = new JsonArray();
        foreach (var item in page.Items)
        {
            var key = KmsStore.ReadKey(item.Document);
            if (KmsKeys.FindLive(context, key.AccountId, key.Region, key.KeyId) is not null)
            {
                keys.Add((JsonNode)(new JsonObject { ["KeyId"] = key.KeyId, ["KeyArn"] = key.Arn }));
            }
        }

        return WithPaging(new JsonObject { ["Keys"] = keys }, page);
    }

    private static JsonObject? SetState(OperationContext context, string state)
    {
        var key = LoadKey(context);
        if (key.KeyState == KmsKey.PendingDeletion)
        {
            throw KmsErrors.PendingDeletion(key.Arn);
        }

        ChangeKey(context, key, k => k with { KeyState = state });
        return null;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
    private static JsonObject ScheduleKeyDeletion(OperationContext context)
    {
        var key = LoadKey(context);
        var days = context.Int("PendingWindowInDays") ?? MaxPendingWindow;
        if (days is < MinPendingWindow or > MaxPendingWindow)
        {
            throw KmsErrors.Validation($"PendingWindowInDays value must be between {MinPendingWindow} and {MaxPendingWindow}.");
        }

        if (key.KeyState == KmsKey.PendingDeletion)
        {
            throw KmsErrors.PendingDeletion(key.Arn);
        }

        var due = context.Now.AddDays(days);
        ChangeKey(context, key, k => k with { KeyState = KmsKey.PendingDeletion, DeletionDate = due, PendingWindowInDays = days });
        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["DeletionDate"] = due,
            ["KeyState"] = KmsKey.PendingDeletion,
            ["PendingWindowInDays"] = days,
        };
    }

    // A cancelled deletion leaves the key disabled: https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html
    private static JsonObject CancelKeyDeletion(OperationContext context)
    {
        var key = LoadKey(context);
        if (key.KeyState != KmsKey.PendingDeletion)
        {
            throw KmsErrors.NotPendingDeletion(key.Arn);
        }

        ChangeKey(context, key, k => k with { KeyState = KmsKey.Disabled, DeletionDate = null, PendingWindowInDays = null });
        return new JsonObject { ["KeyId"] = key.Arn };
    }

    private static JsonObject? TagResource(OperationContext context)
    {
        var added = Tags(context.Input["Tags"]);
        ChangeKey(context, LoadKey(context), k =>
        {
            var tags = k.Tags.Where(t => added.All(a => a.TagKey != t.TagKey)).Concat(added).ToList();
            return k with { Tags = tags };
        });
        return null;
    }

    private static JsonObject? UntagResource(OperationContext context)
    {
        var removed = TagKeys(context.Input["TagKeys"]);
        ChangeKey(context, LoadKey(context), k => k with { Tags = [.. k.Tags.Where(t => !removed.Contains(t.TagKey))] });
        return null;
    }

    private static JsonObject ListResourceTags(OperationContext context) => new()
    {
        ["Tags"] = new JsonArray([.. LoadKey(context).Tags.Select(t => (JsonNode)new JsonObject { ["TagKey"] = t.TagKey, ["TagValue"] = t.TagValue })]),
        ["Truncated"] = false,
    };

    private static List<KmsTag> Tags(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(t => new KmsTag(t["TagKey"]!.GetValue<string>(), t["TagValue"]!.GetValue<string>()))]
            : [];

    private static List<string> TagKeys(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(k => k!.GetValue<string>())] : [];
}

/// <summary><c>aws:RequestTag/…</c> and <c>aws:TagKeys</c> for requests that add or remove tags.</summary>
internal static class KmsTagConditions
{
    public static AuthorizationTarget WithRequestTags(this AuthorizationTarget target, IReadOnlyList<KmsTag> tags)
    {
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.TagKey}", tag.TagValue);
        }

        return tags.Count == 0 ? target : target.WithTagKeys([.. tags.Select(t => t.TagKey)]);
    }

    public static AuthorizationTarget WithTagKeys(this AuthorizationTarget target, IReadOnlyList<string> keys) =>
        keys.Count == 0 ? target : target.WithMulti("aws:TagKeys", keys);
}
