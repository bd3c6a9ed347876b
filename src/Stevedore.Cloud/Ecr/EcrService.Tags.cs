using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecr;

/// <summary>Repository tags, addressed by the repository's ARN.</summary>
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_TagResource.html
public sealed partial class EcrService
{
    partial void RegisterTags()
    {
        Register("TagResource", c => WithRequestTags(ArnTarget(c), ReadTags(c.Input["tags"])), TagResource);
        Register("UntagResource", c => UntagTarget(c), UntagResource);
        Register("ListTagsForResource", ArnTarget, ListTagsForResource);
    }

    private AuthorizationTarget UntagTarget(OperationContext context)
    {
        var keys = context.Input["tagKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var target = ArnTarget(context);
        return keys.Count == 0 ? target : target.WithMulti("aws:TagKeys", keys);
    }

    /// <summary>The repository an ARN names; an ARN that is not a repository's is authorized as given.</summary>
    private AuthorizationTarget ArnTarget(OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        if (ParseArn(arn) is not { } parts)
        {
            return new AuthorizationTarget(Action(context), arn);
        }

        return TargetFor(Action(context), parts.Region, parts.Account, parts.Name, EcrStore.FindRepository(context.Store, parts.Account, parts.Region, parts.Name));
    }

    private static (string Region, string Account, string Name)? ParseArn(string arn) =>
        ArnPattern().Match(arn) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) : null;

    private static EcrRepository RepositoryByArn(Stevedore.Storage.IStoreReader store, OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        if (ParseArn(arn) is not { } parts || parts.Region != context.Region)
        {
            throw EcrErrors.InvalidParameter("Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'");
        }

        return EcrStore.FindRepository(store, parts.Account, parts.Region, parts.Name) ?? throw EcrErrors.RepositoryNotFound(parts.Name, parts.Account);
    }

    private JsonObject TagResource(OperationContext context)
    {
        var added = ReadTags(context.Input["tags"]);
        CheckTags(added);
        context.Store.Write(tx =>
        {
            var repository = RepositoryByArn(tx, context);
            var tags = repository.Tags.Where(t => added.All(a => a.Key != t.Key)).Concat(added).ToList();
            CheckTags(tags);
            tx.Put(EcrStore.RepositoryKey(repository.Account, repository.Region, repository.Name), EcrStore.Write(repository with { Tags = tags }));
        });
        return [];
    }

    private JsonObject UntagResource(OperationContext context)
    {
        var keys = context.Input["tagKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ToHashSet();
        context.Store.Write(tx =>
        {
            var repository = RepositoryByArn(tx, context);
            var tags = repository.Tags.Where(t => !keys.Contains(t.Key)).ToList();
            tx.Put(EcrStore.RepositoryKey(repository.Account, repository.Region, repository.Name), EcrStore.Write(repository with { Tags = tags }));
        });
        return [];
    }

    private JsonObject ListTagsForResource(OperationContext context) =>
        new() { ["tags"] = TagsJson(RepositoryByArn(context.Store, context).Tags) };

    [GeneratedRegex(@"^arn:aws:ecr:([a-z0-9-]+):([0-9]{12}):repository/(.+)$")]
    private static partial Regex ArnPattern();
}
