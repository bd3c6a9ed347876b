using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Kms;

/// <summary>
/// Finding keys from the references callers give (key id, key ARN, alias name, alias ARN), creating AWS managed keys
/// on first use, and the authorization target of a request on a key (its key policy, <c>kms:*</c> condition keys).
/// </summary>
public static class KmsKeys
{
    /// <summary>Compiled key policies, shared by KMS and the services that use KMS on a caller's behalf.</summary>
    internal static CompiledPolicyCache Policies { get; } = new();

    public static string KeyArn(string region, string account, string keyId) => $"arn:aws:kms:{region}:{account}:key/{keyId}";

    public static string AliasArn(string region, string account, string aliasName) => $"arn:aws:kms:{region}:{account}:{aliasName}";

    /// <summary>A key reference resolved: the key, and the alias the caller named it by (for <c>kms:RequestAlias</c>).</summary>
    public sealed record Resolved(KmsKey Key, string? RequestAlias);

    /// <summary>Resolves <paramref name="reference"/> as KMS does for this caller, or throws NotFoundException.</summary>
    /// <remarks>An ARN may name another account's key (cross-account use); a key in another region is not found.</remarks>
    // https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
    public static Resolved Resolve(OperationContext context, string reference)
    {
        var account = context.AccountId;
        var region = context.Region;
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = reference.Split(':', 6);
            if (parts.Length != 6 || parts[2] != "kms")
            {
                throw KmsErrors.InvalidKeyId(reference);
            }

            account = parts[4];
            var resource = parts[5];
            if (resource.StartsWith("key/", StringComparison.Ordinal))
            {
                var key = parts[3] == region ? FindLive(context, account, region, resource[4..]) : null;
                return new(key ?? throw KmsErrors.KeyNotFound(reference), null);
            }

            if (resource.StartsWith("alias/", StringComparison.Ordinal) && parts[3] == region)
            {
                return new(ByAlias(context, account, region, resource), resource);
            }

            throw KmsErrors.InvalidKeyId(reference);
        }

        if (reference.StartsWith("alias/", StringComparison.Ordinal))
        {
            return new(ByAlias(context, account, region, reference), reference);
        }

        if (!Guid.TryParse(reference, out _))
        {
            throw KmsErrors.InvalidKeyId(reference);
        }

        return new(FindLive(context, account, region, reference) ?? throw KmsErrors.KeyNotFound(KeyArn(region, account, reference)), null);
    }

    /// <summary>The key with this id, unless its deletion date has passed (then it no longer exists).</summary>
    public static KmsKey? FindLive(OperationContext context, string account, string region, string keyId)
    {
        var key = KmsStore.FindKey(context.Store, account, region, keyId);
        return key is { KeyState: KmsKey.PendingDeletion, DeletionDate: { } due } && due <= context.Now ? null : key;
    }

    /// <summary>The key an alias names; an AWS managed alias of the caller's own account is created on first use.</summary>
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html ("creates the associated AWS managed key")
    private static KmsKey ByAlias(OperationContext context, string account, string region, string aliasName)
    {
        if (KmsStore.FindAlias(context.Store, account, region, aliasName) is { } alias &&
            FindLive(context, account, region, alias.TargetKeyId) is { } target)
        {
            return target;
        }

        if (account == context.AccountId && aliasName.StartsWith("alias/", StringComparison.Ordinal) &&
            KmsKeyPolicies.Managed.TryGetValue(aliasName["alias/".Length..], out var managed))
        {
            return EnsureManaged(context, aliasName, managed);
        }

        throw KmsErrors.AliasNotFound(AliasArn(region, account, aliasName));
    }

    /// <summary>The caller's account's AWS managed key for a service (<c>aws/secretsmanager</c>), created if it does not exist.</summary>
    public static KmsKey EnsureManaged(OperationContext context, string aliasName, KmsKeyPolicies.ManagedKey managed)
    {
        var (account, region) = (context.AccountId, context.Region);
        return context.Store.Write(tx =>
        {
            if (tx.Get(KmsStore.AliasKey(account, region, aliasName)) is { } existing &&
                tx.Get(KmsStore.KeyKey(account, region, KmsStore.ReadAlias(existing.Document).TargetKeyId)) is { } keyItem)
            {
                return KmsStore.ReadKey(keyItem.Document);
            }

            var id = Guid.NewGuid().ToString();
            var key = new KmsKey(account, region, id, KeyArn(region, account, id), context.Now, managed.Description, KmsKey.Enabled, "AWS",
                KmsKeyPolicies.ForManagedKey(managed, account, region), Convert.ToBase64String(KmsCiphertext.NewMaterial()), []);
            tx.Insert(KmsStore.KeyKey(account, region, id), KmsStore.Write(key), alias: key.Arn);
            tx.Put(KmsStore.AliasKey(account, region, aliasName),
                KmsStore.Write(new KmsAlias(account, region, aliasName, AliasArn(region, account, aliasName), id, context.Now, context.Now)));
            return key;
        });
    }

    /// <summary>
    /// A request on <paramref name="key"/>: its key policy must allow (a grant to the account root delegates to IAM),
    /// with <c>kms:CallerAccount</c>, the key's properties and tags.
    /// </summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
    public static AuthorizationTarget Target(OperationContext context, string action, KmsKey key, string? requestAlias = null) =>
        Target(context, action, key, requestAlias, null);

    /// <summary>
    /// The target of a call on <paramref name="key"/>, its context keys gathered in one list: the key's own, the
    /// caller's <paramref name="extra"/> keys (a service's <c>kms:ViaService</c>, say) and the encryption context's.
    /// </summary>
    public static AuthorizationTarget Target(OperationContext context, string action, KmsKey key, string? requestAlias,
        ReadOnlySpan<KeyValuePair<string, string>> extra, IReadOnlyDictionary<string, string>? encryptionContext = null)
    {
        var keys = new List<KeyValuePair<string, IReadOnlyList<string>>>(8 + extra.Length + 2 * (encryptionContext?.Count ?? 0))
        {
            new("kms:CallerAccount", [context.AccountId]),
            new("kms:KeyOrigin", KeyOrigin),
            new("kms:KeySpec", KeySpec),
            new("kms:KeyUsage", KeyUsage),
        };
        foreach (var tag in key.Tags)
        {
            keys.Add(new($"aws:ResourceTag/{tag.TagKey}", [tag.TagValue]));
        }

        if (requestAlias is not null)
        {
            keys.Add(new("kms:RequestAlias", [requestAlias]));
        }

        foreach (var (name, value) in extra)
        {
            keys.Add(new(name, [value]));
        }

        if (encryptionContext is { Count: > 0 })
        {
            AddEncryptionContext(keys, encryptionContext);
        }

        return new AuthorizationTarget(action, key.Arn, Compile(key.Policy, key.Arn), ResourcePolicyKind.KeyPolicy, key.AccountId)
        {
            Context = keys,
        };
    }

    private static readonly string[] KeyOrigin = ["AWS_KMS"];
    private static readonly string[] KeySpec = ["SYMMETRIC_DEFAULT"];
    private static readonly string[] KeyUsage = ["ENCRYPT_DECRYPT"];

    /// <summary>
    /// Compiles a key policy. KMS, unlike IAM, accepts statements sharing a Sid (AWS managed key policies have two), so
    /// Sids, which do not take part in evaluation, are dropped from the copy the engine compiles when they repeat.
    /// </summary>
    /// <exception cref="PolicyParseException">The document is not a valid policy.</exception>
    public static CompiledPolicy Compile(string policy, string keyArn)
    {
        if (SamePolicy.TryGet(policy, out var same) && same.Id == keyArn)
        {
            return same;
        }

        var compiled = CompileText(policy, keyArn);
        SamePolicy.Set(policy, compiled);
        return compiled;
    }

    /// <summary>Compiled key policies by the key record's own text instance (a key read from the store's read cache).</summary>
    private static readonly IdentityCache<CompiledPolicy> SamePolicy = new();

    private static CompiledPolicy CompileText(string policy, string keyArn)
    {
        if (EngineText.TryGetValue(policy, out var text))
        {
            return Policies.Get(text, PolicyType.Resource, keyArn);
        }

        text = WithoutRepeatedSids(policy);
        var compiled = Policies.Get(text, PolicyType.Resource, keyArn);
        if (EngineText.Count > 1024)
        {
            EngineText.Clear();
        }

        EngineText[policy] = text;
        return compiled;
    }

    private static readonly ConcurrentDictionary<string, string> EngineText = new(StringComparer.Ordinal);

    private static string WithoutRepeatedSids(string policy)
    {
        try
        {
            return WithoutRepeatedSids(JsonNode.Parse(policy), policy);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, a repeated property name (JsonObject refuses it), an escaped lone surrogate: the engine's parser
            // says what is wrong with the text itself.
            return policy;
        }
    }

    private static string WithoutRepeatedSids(JsonNode? document, string policy)
    {
        if (document is not JsonObject root || root["Statement"] is not JsonArray statements)
        {
            return policy; // not an object: the engine's parser says what is wrong with it
        }

        var sids = statements.OfType<JsonObject>().Select(s => s["Sid"]).OfType<JsonValue>()
            .Select(v => v.TryGetValue<string>(out var sid) ? sid : null).Where(s => s is not null).ToList();
        if (sids.Count == sids.Distinct(StringComparer.Ordinal).Count())
        {
            return policy;
        }

        foreach (var statement in statements.OfType<JsonObject>())
        {
            statement.Remove("Sid");
        }

        return root.ToJsonString();
    }

    /// <summary>Adds <c>kms:EncryptionContext:K</c> for each pair and <c>kms:EncryptionContextKeys</c>.</summary>
    public static AuthorizationTarget WithEncryptionContext(this AuthorizationTarget target, IReadOnlyDictionary<string, string>? context)
    {
        if (context is null || context.Count == 0)
        {
            return target;
        }

        var keys = new List<KeyValuePair<string, IReadOnlyList<string>>>(target.Context);
        AddEncryptionContext(keys, context);
        return target with { Context = keys };
    }

    private static void AddEncryptionContext(List<KeyValuePair<string, IReadOnlyList<string>>> keys, IReadOnlyDictionary<string, string> context)
    {
        foreach (var (name, value) in context)
        {
            keys.Add(new($"kms:EncryptionContext:{name}", [value]));
        }

        keys.Add(new("kms:EncryptionContextKeys", [.. context.Keys]));
    }

    /// <summary>Reads an <c>EncryptionContext</c> member (a string map) from a request.</summary>
    public static Dictionary<string, string>? EncryptionContext(JsonNode? node) =>
        node is JsonObject map ? map.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal) : null;

    /// <summary>Refuses cryptographic use of a key that is disabled or pending deletion.</summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    public static void EnsureUsable(KmsKey key)
    {
        if (key.KeyState == KmsKey.PendingDeletion)
        {
            throw KmsErrors.PendingDeletion(key.Arn);
        }

        if (key.KeyState == KmsKey.Disabled)
        {
            throw KmsErrors.Disabled(key.Arn);
        }
    }
}
