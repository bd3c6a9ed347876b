using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>AWS Secrets Manager: secrets, their versions and staging labels, resource policies, tags.</summary>
public sealed partial class SecretsManagerService : AwsService
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly CompiledPolicyCache _policies = new();

    public SecretsManagerService()
        : base("secretsmanager")
    {
        RegisterSecrets();
        RegisterValues();
        RegisterPolicies();
    }

    partial void RegisterSecrets();

    partial void RegisterValues();

    partial void RegisterPolicies();

    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    /// <summary>A secret found from a SecretId, with the account that owns it and the ARN requests on it are authorized against.</summary>
    private sealed record Found(Secret? Secret, string Account, string Arn);

    /// <summary>
    /// Finds a secret by full ARN, partial ARN (without the six-character suffix) or name; an ARN may name another
    /// account's secret. A secret whose deletion date has passed no longer exists.
    /// </summary>
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
    private static Found Find(OperationContext context, string secretId)
    {
        var account = context.AccountId;
        var name = secretId;
        var collection = new Storage.CollectionKey(account, context.Region, SecretsStore.Secrets);
        if (secretId.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = secretId.Split(':', 7);
            if (parts.Length != 7 || parts[2] != "secretsmanager" || parts[5] != "secret" || parts[3] != context.Region)
            {
                return new Found(null, account, secretId);
            }

            account = parts[4];
            name = parts[6];
            collection = collection with { Account = account };
            if (context.Store.GetByAlias(collection, secretId) is { } byArn)
            {
                return Live(context, SecretsStore.Read(byArn.Document), account, secretId);
            }
        }

        var item = context.Store.Get(collection.Item(name));
        var arn = secretId.StartsWith("arn:", StringComparison.Ordinal) ? secretId : $"arn:aws:secretsmanager:{context.Region}:{account}:secret:{name}";
        return item is null ? new Found(null, account, arn) : Live(context, SecretsStore.Read(item.Document), account, arn);
    }

    private static Found Live(OperationContext context, Secret secret, string account, string requested) =>
        secret.DeletionDate is { } due && due <= context.Now ? new Found(null, account, requested) : new Found(secret, account, secret.Arn);

    /// <summary>The target of an operation on an existing (or missing) secret: its resource policy and tags.</summary>
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
    private AuthorizationTarget SecretTarget(OperationContext context) => SecretTarget(context, Action(context), Find(context, context.RequiredString("SecretId")));

    private AuthorizationTarget SecretTarget(OperationContext context, string action, Found found)
    {
        var policy = found.Secret?.ResourcePolicy is { } document ? _policies.Get(document, PolicyType.Resource, found.Arn) : null;
        var target = new AuthorizationTarget(action, found.Arn, policy, ResourcePolicyKind.Standard, found.Account)
            .With("secretsmanager:SecretId", found.Arn);
        return found.Secret is { } secret
            ? target.WithResourceTags(secret.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), "secretsmanager")
            : target;
    }

    /// <summary>The secret, or ResourceNotFoundException.</summary>
    private static Secret Load(OperationContext context) => Find(context, context.RequiredString("SecretId")).Secret ?? throw SecretsManagerErrors.NotFound();

    /// <summary>The secret, refusing one scheduled for deletion.</summary>
    private static Secret LoadActive(OperationContext context)
    {
        var secret = Load(context);
        return secret.DeletedDate is null ? secret : throw SecretsManagerErrors.MarkedForDeletion();
    }

    /// <summary>Replaces a stored secret (of whichever account owns it) with <paramref name="change"/>'s result.</summary>
    private static Secret Change(OperationContext context, Secret secret, Func<Secret, Secret> change) =>
        context.Store.Write(tx =>
        {
            var key = SecretsStore.Key(secret.AccountId, secret.Region, secret.Name);
            var item = tx.Get(key) ?? throw SecretsManagerErrors.NotFound();
            var changed = change(SecretsStore.Read(item.Document));
            tx.Update(key, SecretsStore.Write(changed), item.Version);
            return changed;
        });

    /// <summary>
    /// The ARN of a secret being created: name, a hyphen and six random characters. Drawn from the request id so the
    /// authorization target and the handler agree on it.
    /// </summary>
    private static string NewArn(OperationContext context, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(context.RequestId + "\n" + name));
        var suffix = new string([.. hash.Take(6).Select(b => SuffixAlphabet[b % SuffixAlphabet.Length])]);
        return $"arn:aws:secretsmanager:{context.Region}:{context.AccountId}:secret:{name}-{suffix}";
    }

    private static JsonObject NameAndArn(Secret secret) => new() { ["ARN"] = secret.Arn, ["Name"] = secret.Name };

    private static List<SecretTag> Tags(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(t => new SecretTag(t["Key"]?.GetValue<string>() ?? "", t["Value"]?.GetValue<string>() ?? ""))]
            : [];

    private static JsonArray RenderTags(IEnumerable<SecretTag> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    private static JsonObject VersionsToStages(Secret secret)
    {
        var map = new JsonObject();
        foreach (var version in secret.Versions.Where(v => v.Stages.Count > 0))
        {
            map[version.VersionId] = new JsonArray([.. version.Stages.Select(s => (JsonNode)JsonValue.Create(s))]);
        }

        return map;
    }

    /// <summary>DescribeSecret's view (ListSecrets uses it too, with <c>SecretVersionsToStages</c>).</summary>
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
    private static JsonObject Describe(Secret secret, string versionsMember)
    {
        var output = NameAndArn(secret);
        if (secret.Description is { } description)
        {
            output["Description"] = description;
        }

        if (secret.KmsKeyId is { } kmsKeyId)
        {
            output["KmsKeyId"] = kmsKeyId;
        }

        output["LastChangedDate"] = secret.LastChangedDate;
        if (secret.LastAccessedDate is { } accessed)
        {
            output["LastAccessedDate"] = accessed;
        }

        if (secret.DeletedDate is { } deleted)
        {
            output["DeletedDate"] = deleted;
        }

        if (secret.Tags.Count > 0)
        {
            output["Tags"] = RenderTags(secret.Tags);
        }

        output[versionsMember] = VersionsToStages(secret);
        output["CreatedDate"] = secret.CreatedDate;
        return output;
    }
}
