using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecr;

/// <summary>Repositories and repository policies.</summary>
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html and the other repository operations
public sealed partial class EcrService
{
    private const int MaxTags = 50;

    partial void RegisterRepositories()
    {
        Register("CreateRepository", c => WithRequestTags(RepositoryTarget(c), ReadTags(c.Input["tags"])), CreateRepository);
        Register("DescribeRepositories", DescribeRepositoriesTarget, DescribeRepositories);
        Register("DeleteRepository", RepositoryTarget, DeleteRepository);
        Register("SetRepositoryPolicy", RepositoryTarget, SetRepositoryPolicy);
        Register("GetRepositoryPolicy", RepositoryTarget, GetRepositoryPolicy);
        Register("DeleteRepositoryPolicy", RepositoryTarget, DeleteRepositoryPolicy);
    }

    /// <summary>The repository a call names, or RepositoryNotFoundException.</summary>
    private static EcrRepository Existing(IStoreReader store, OperationContext context, string? name = null)
    {
        var registry = Registry(context);
        name ??= context.RequiredString("repositoryName");
        return EcrStore.FindRepository(store, registry, context.Region, name) ?? throw EcrErrors.RepositoryNotFound(name, registry);
    }

    private static JsonObject RepositoryJson(EcrRepository repository)
    {
        var json = new JsonObject
        {
            ["repositoryArn"] = repository.Arn,
            ["registryId"] = repository.Account,
            ["repositoryName"] = repository.Name,
            ["repositoryUri"] = repository.Uri,
            ["createdAt"] = repository.CreatedAt,
            ["imageTagMutability"] = repository.ImageTagMutability,
            ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = repository.ScanOnPush },
            ["encryptionConfiguration"] = new JsonObject { ["encryptionType"] = repository.EncryptionType, ["kmsKey"] = repository.KmsKey },
        };
        if (repository.MutabilityExclusionFilters is { Count: > 0 } filters)
        {
            json["imageTagMutabilityExclusionFilters"] = new JsonArray(
                [.. filters.Select(f => (JsonNode)new JsonObject { ["filterType"] = f.FilterType, ["filter"] = f.Filter })]);
        }

        return json;
    }

    private JsonObject CreateRepository(OperationContext context)
    {
        var name = context.RequiredString("repositoryName");
        if (!NamePattern().IsMatch(name))
        {
            throw EcrErrors.InvalidName();
        }

        var tags = ReadTags(context.Input["tags"]);
        CheckTags(tags);
        var mutability = context.String("imageTagMutability") ?? "MUTABLE";
        var filters = context.Input["imageTagMutabilityExclusionFilters"] is JsonArray array
            ? array.OfType<JsonObject>().Select(f => new EcrMutabilityFilter(f["filterType"]!.GetValue<string>(), f["filter"]!.GetValue<string>())).ToList()
            : null;
        if (filters is not null && !mutability.EndsWith("_WITH_EXCLUSION", StringComparison.Ordinal))
        {
            throw EcrErrors.InvalidParameter("Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: " +
                "'Exclusion filters can only be used with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'");
        }

        var encryption = context.Input["encryptionConfiguration"] as JsonObject;
        var encryptionType = encryption?["encryptionType"]?.GetValue<string>() ?? "AES256";
        var kmsKey = encryption?["kmsKey"]?.GetValue<string>();
        if (kmsKey is not null && encryptionType == "AES256")
        {
            throw EcrErrors.InvalidParameter("Invalid parameter at 'encryptionConfiguration' failed to satisfy constraint: " +
                "'KMS key should not be specified when encryption type is AES256'");
        }

        var registry = Registry(context);
        var repository = new EcrRepository(
            registry,
            context.Region,
            name,
            context.Now,
            mutability,
            filters,
            context.Input["imageScanningConfiguration"]?["scanOnPush"]?.GetValue<bool>() ?? false,
            encryptionType,
            kmsKey,
            tags,
            null);
        try
        {
            context.Store.Write(tx => tx.Insert(EcrStore.RepositoryKey(registry, context.Region, name), EcrStore.Write(repository)));
        }
        catch (ItemAlreadyExistsException)
        {
            throw EcrErrors.RepositoryAlreadyExists(name, registry);
        }

        return new JsonObject { ["repository"] = RepositoryJson(repository) };
    }

    /// <summary>
    /// With names, the first named repository (the others are authorized in the handler, each against its own policy);
    /// without, every repository of the registry.
    /// </summary>
    private AuthorizationTarget DescribeRepositoriesTarget(OperationContext context)
    {
        if (context.Input["repositoryNames"] is JsonArray { Count: > 0 } names)
        {
            var registry = Registry(context);
            var name = names[0]!.GetValue<string>();
            return TargetFor(Action(context), context.Region, registry, name, EcrStore.FindRepository(context.Store, registry, context.Region, name));
        }

        return new AuthorizationTarget(Action(context), RepositoryArn(context.Region, Registry(context), "*"), ResourceAccount: Registry(context));
    }

    private JsonObject DescribeRepositories(OperationContext context)
    {
        var registry = Registry(context);
        List<EcrRepository> repositories;
        if (context.Input["repositoryNames"] is JsonArray { Count: > 0 } names)
        {
            if (context.Input["maxResults"] is not null || context.Input["nextToken"] is not null)
            {
                throw EcrErrors.InvalidParameter("Invalid parameter at 'maxResults' failed to satisfy constraint: " +
                    "'maxResults cannot be used when repositoryNames are specified'");
            }

            repositories = [];
            var first = true;
            foreach (var name in names.Select(n => n!.GetValue<string>()).Distinct())
            {
                var repository = EcrStore.FindRepository(context.Store, registry, context.Region, name);
                if (!first)
                {
                    context.Authorize(TargetFor("ecr:DescribeRepositories", context.Region, registry, name, repository), EndpointServiceFor(context.Operation));
                }

                first = false;
                repositories.Add(repository ?? throw EcrErrors.RepositoryNotFound(name, registry));
            }
        }
        else
        {
            repositories = EcrStore.RepositoriesOf(context.Store, registry, context.Region);
        }

        var (page, next) = EcrPaging.Page(repositories, context.String("nextToken"), context.Int("maxResults"));
        return new JsonObject
        {
            ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode)RepositoryJson(r))]),
            ["nextToken"] = next,
        };
    }

    private JsonObject DeleteRepository(OperationContext context)
    {
        var force = context.Bool("force") ?? false;
        var repository = context.Store.Write(tx =>
        {
            var repository = Existing(tx, context);
            var contents = EcrStore.ContentKeys(tx, repository.Account, repository.Region, repository.Name);
            if (!force && contents.Any(k => k.Kind == EcrStore.Images))
            {
                throw EcrErrors.RepositoryNotEmpty(repository.Name, repository.Account);
            }

            foreach (var key in contents)
            {
                tx.Delete(key);
            }

            tx.Delete(EcrStore.RepositoryKey(repository.Account, repository.Region, repository.Name));
            return repository;
        });
        return new JsonObject { ["repository"] = RepositoryJson(repository) };
    }

    private JsonObject SetRepositoryPolicy(OperationContext context)
    {
        var text = context.RequiredString("policyText");
        CheckRepositoryPolicy(text);
        var repository = context.Store.Write(tx =>
        {
            var repository = Existing(tx, context) with { Policy = text };
            tx.Put(EcrStore.RepositoryKey(repository.Account, repository.Region, repository.Name), EcrStore.Write(repository));
            return repository;
        });
        return PolicyJson(repository, text);
    }

    private JsonObject GetRepositoryPolicy(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        return PolicyJson(repository, repository.Policy ?? throw EcrErrors.PolicyNotFound(repository.Name, repository.Account));
    }

    private JsonObject DeleteRepositoryPolicy(OperationContext context)
    {
        var (repository, text) = context.Store.Write(tx =>
        {
            var repository = Existing(tx, context);
            var text = repository.Policy ?? throw EcrErrors.PolicyNotFound(repository.Name, repository.Account);
            tx.Put(EcrStore.RepositoryKey(repository.Account, repository.Region, repository.Name), EcrStore.Write(repository with { Policy = null }));
            return (repository, text);
        });
        return PolicyJson(repository, text);
    }

    private static JsonObject PolicyJson(EcrRepository repository, string text) => new()
    {
        ["registryId"] = repository.Account,
        ["repositoryName"] = repository.Name,
        ["policyText"] = text,
    };

    /// <summary>
    /// A repository policy must be a valid resource policy (principals required) and may not name a resource: it applies
    /// to the repository it is attached to. ECR answers every refusal with one text.
    /// </summary>
    // https://github.com/awsdocs/amazon-ecr-user-guide/pull/20 (a Resource element is refused)
    private static void CheckRepositoryPolicy(string text)
    {
        var parsed = PolicyParser.Parse(text, PolicyType.Resource);
        if (!parsed.Success || parsed.Document!.Statements.Any(s => s.Resource is not null || s.Principal is null))
        {
            throw EcrErrors.InvalidPolicy();
        }
    }

    private static void CheckTags(IReadOnlyList<EcrTag> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw EcrErrors.TooManyTags();
        }

        if (tags.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw EcrErrors.InvalidTag($"Invalid tag key '{reserved.Key}': keys starting with 'aws:' are reserved for system use.");
        }
    }

    // The model's RepositoryName pattern, anchored (the service matches the whole name).
    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();
}
