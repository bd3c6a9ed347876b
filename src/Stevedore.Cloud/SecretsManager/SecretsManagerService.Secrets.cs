using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>Secrets: create, describe, list, update, delete and restore, tags.</summary>
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Operations.html
public sealed partial class SecretsManagerService
{
    private const int DefaultRecoveryWindow = 30;

    partial void RegisterSecrets()
    {
        Register("CreateSecret", CreateSecretTarget, CreateSecret);
        Register("DescribeSecret", SecretTarget, c => Describe(Load(c), "VersionIdsToStages"));
        Register("ListSecrets", c => new AuthorizationTarget(Action(c), "*"), ListSecrets);
        Register("UpdateSecret", c => WithKeyConditions(SecretTarget(c), c), UpdateSecret);
        Register("DeleteSecret", SecretTarget, DeleteSecret);
        Register("RestoreSecret", SecretTarget, RestoreSecret);
        Register("TagResource", c => WithRequestTags(SecretTarget(c), Tags(c.Input["Tags"])), TagResource);
        Register("UntagResource", c => WithTagKeys(SecretTarget(c), TagKeys(c.Input["TagKeys"])), UntagResource);
    }

    private AuthorizationTarget CreateSecretTarget(OperationContext context)
    {
        var name = context.RequiredString("Name");
        var target = new AuthorizationTarget(Action(context), NewArn(context, name)).With("secretsmanager:Name", name);
        return WithRequestTags(WithKeyConditions(target, context), Tags(context.Input["Tags"]));
    }

    private static AuthorizationTarget WithKeyConditions(AuthorizationTarget target, OperationContext context)
    {
        if (context.String("KmsKeyId") is { } key)
        {
            target = target.With("secretsmanager:KmsKeyId", key);
        }

        return context.String("Description") is { } description ? target.With("secretsmanager:Description", description) : target;
    }

    private static AuthorizationTarget WithRequestTags(AuthorizationTarget target, IReadOnlyList<SecretTag> tags)
    {
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        return WithTagKeys(target, [.. tags.Select(t => t.Key)]);
    }

    private static AuthorizationTarget WithTagKeys(AuthorizationTarget target, IReadOnlyList<string> keys) =>
        keys.Count == 0 ? target : target.WithMulti("aws:TagKeys", keys);

    private static List<string> TagKeys(JsonNode? node) => node is JsonArray array ? [.. array.Select(k => k!.GetValue<string>())] : [];

    private JsonObject CreateSecret(OperationContext context)
    {
        var name = context.RequiredString("Name");
        var value = SecretValue.From(context);
        if (Find(context, name).Secret is { } existing)
        {
            throw existing.DeletedDate is null ? SecretsManagerErrors.Exists(name) : SecretsManagerErrors.ScheduledForDeletion();
        }

        var arn = NewArn(context, name);
        var secret = new Secret(context.AccountId, context.Region, name, arn, context.String("Description"), context.String("KmsKeyId"),
            Tags(context.Input["Tags"]), null, context.Now, context.Now, null, null, null, []);
        string? versionId = null;
        if (value is not null)
        {
            versionId = context.String("ClientRequestToken") ?? Guid.NewGuid().ToString();
            secret = secret with { Versions = [Seal(context, secret, versionId, value, [Current])] };
        }

        context.Store.Write(tx =>
        {
            // A secret purged after its recovery window leaves its name free.
            var key = SecretsStore.Key(context.AccountId, context.Region, name);
            if (tx.Get(key) is { } stale && SecretsStore.Read(stale.Document).DeletionDate is { } due && due <= context.Now)
            {
                tx.Delete(key);
            }

            try
            {
                tx.Insert(key, SecretsStore.Write(secret), alias: arn);
            }
            catch (ItemAlreadyExistsException)
            {
                throw SecretsManagerErrors.Exists(name);
            }
        });

        var output = NameAndArn(secret);
        if (versionId is not null)
        {
            output["VersionId"] = versionId;
        }

        return output;
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
    private static JsonObject ListSecrets(OperationContext context)
    {
        var includeDeleted = context.Bool("IncludePlannedDeletion") == true;
        var filters = (context.Input["Filters"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => (Key: f["Key"]?.GetValue<string>() ?? "", Values: (f["Values"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList()))
            .ToList();
        var secrets = AllSecrets(context)
            .Where(s => includeDeleted || s.DeletedDate is null)
            .Where(s => filters.All(f => Matches(s, f.Key, f.Values)))
            .ToList();
        if (context.String("SortOrder") == "desc")
        {
            secrets.Reverse();
        }

        var size = context.Int("MaxResults") ?? 100;
        var start = 0;
        if (context.String("NextToken") is { } token && (!int.TryParse(token, out start) || start < 0 || start > secrets.Count))
        {
            throw SecretsManagerErrors.InvalidNextToken();
        }

        var page = secrets.Skip(start).Take(size).ToList();
        var output = new JsonObject { ["SecretList"] = new JsonArray([.. page.Select(s => (JsonNode)Describe(s, "SecretVersionsToStages"))]) };
        if (start + size < secrets.Count)
        {
            output["NextToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return output;
    }

    private static IEnumerable<Secret> AllSecrets(OperationContext context)
    {
        string? marker = null;
        do
        {
            var page = context.Store.List(new ListQuery(new CollectionKey(context.AccountId, context.Region, SecretsStore.Secrets), Limit: 1000, Marker: marker));
            foreach (var item in page.Items)
            {
                var secret = SecretsStore.Read(item.Document);
                if (secret.DeletionDate is not { } due || due > context.Now)
                {
                    yield return secret;
                }
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    /// <summary>A ListSecrets filter: prefix matches; a value starting with <c>!</c> negates.</summary>
    private static bool Matches(Secret secret, string key, IReadOnlyList<string> values) => values.Any(value =>
    {
        var negate = value.StartsWith('!');
        var prefix = negate ? value[1..] : value;
        bool Starts(string? s) => s is not null && s.StartsWith(prefix, StringComparison.Ordinal);
        var match = key switch
        {
            "name" => Starts(secret.Name),
            "description" => Starts(secret.Description),
            "tag-key" => secret.Tags.Any(t => Starts(t.Key)),
            "tag-value" => secret.Tags.Any(t => Starts(t.Value)),
            "all" => Starts(secret.Name) || Starts(secret.Description) || secret.Tags.Any(t => Starts(t.Key) || Starts(t.Value)),
            _ => false,
        };
        return match != negate;
    });

    private JsonObject UpdateSecret(OperationContext context)
    {
        var secret = LoadActive(context);
        var value = SecretValue.From(context);
        var description = context.String("Description");
        var kmsKeyId = context.String("KmsKeyId");
        var updated = secret with
        {
            Description = description ?? secret.Description,
            KmsKeyId = kmsKeyId is null ? secret.KmsKeyId : kmsKeyId.Length == 0 ? null : kmsKeyId,
        };
        string? versionId = null;
        SecretVersion? version = null;
        if (value is not null)
        {
            versionId = context.String("ClientRequestToken") ?? Guid.NewGuid().ToString();
            version = Seal(context, updated, versionId, value, [Current]);
        }

        Change(context, secret, s =>
        {
            var changed = s with { Description = updated.Description, KmsKeyId = updated.KmsKeyId, LastChangedDate = context.Now };
            return version is null ? changed : WithVersion(changed, version);
        });
        var output = NameAndArn(secret);
        if (versionId is not null)
        {
            output["VersionId"] = versionId;
        }

        return output;
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
    private static JsonObject DeleteSecret(OperationContext context)
    {
        var force = context.Bool("ForceDeleteWithoutRecovery") == true;
        var window = context.Int("RecoveryWindowInDays");
        if (window is { } days && (days < 7 || days > 30))
        {
            throw SecretsManagerErrors.RecoveryWindow();
        }

        if (force && window is not null)
        {
            throw SecretsManagerErrors.ForceWithWindow();
        }

        var secret = Load(context);
        if (force)
        {
            context.Store.Write(tx => tx.Delete(SecretsStore.Key(secret.AccountId, secret.Region, secret.Name)));
            var gone = NameAndArn(secret);
            gone["DeletionDate"] = context.Now;
            return gone;
        }

        if (secret.DeletedDate is not null)
        {
            throw SecretsManagerErrors.MarkedForDeletion();
        }

        var due = context.Now.AddDays(window ?? DefaultRecoveryWindow);
        Change(context, secret, s => s with { DeletedDate = context.Now, DeletionDate = due });
        var output = NameAndArn(secret);
        output["DeletionDate"] = due;
        return output;
    }

    private static JsonObject RestoreSecret(OperationContext context)
    {
        var secret = Load(context);
        Change(context, secret, s => s with { DeletedDate = null, DeletionDate = null, LastChangedDate = context.Now });
        return NameAndArn(secret);
    }

    private static JsonObject? TagResource(OperationContext context)
    {
        var added = Tags(context.Input["Tags"]);
        Change(context, LoadActive(context), s => s with { Tags = [.. s.Tags.Where(t => added.All(a => a.Key != t.Key)).Concat(added)] });
        return null;
    }

    private static JsonObject? UntagResource(OperationContext context)
    {
        var removed = TagKeys(context.Input["TagKeys"]);
        Change(context, LoadActive(context), s => s with { Tags = [.. s.Tags.Where(t => !removed.Contains(t.Key))] });
        return null;
    }
}
