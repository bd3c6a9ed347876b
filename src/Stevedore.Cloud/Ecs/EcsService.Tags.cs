using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>Tags on clusters, task definition revisions, container instances and tasks, addressed by ARN.</summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
public sealed partial class EcsService
{
    partial void RegisterTags()
    {
        Register("TagResource", c => WithRequestTags(ArnTarget(c), c.Input["tags"]), TagResource);
        Register("UntagResource", UntagTarget, UntagResource);
        Register("ListTagsForResource", ArnTarget, ListTagsForResource);
    }

    private AuthorizationTarget UntagTarget(OperationContext context)
    {
        var keys = context.Input["tagKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var target = ArnTarget(context);
        return keys.Count == 0 ? target : target.WithMulti("aws:TagKeys", keys);
    }

    /// <summary>The resource an ARN names, with its tags (and <c>ecs:cluster</c> for instances and tasks).</summary>
    private AuthorizationTarget ArnTarget(OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        var target = new AuthorizationTarget(Action(context), arn);
        if (ParseArn(arn) is not { } parts || parts.Region != context.Region || parts.Account != context.AccountId)
        {
            return target;
        }

        target = WithTags(target, EcsStore.Find(context.Store, parts.Key));
        return parts.Cluster is { } cluster ? target.With("ecs:cluster", ClusterArn(context.Region, context.AccountId, cluster)) : target;
    }

    private sealed record ArnParts(string Region, string Account, ResourceKey Key, string? Cluster);

    private static ArnParts? ParseArn(string arn)
    {
        var match = ArnPattern().Match(arn);
        if (!match.Success)
        {
            return null;
        }

        var (region, account, kind, rest) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value);
        switch (kind)
        {
            case "cluster" when !rest.Contains('/', StringComparison.Ordinal):
                return new ArnParts(region, account, EcsStore.ClusterKey(account, region, rest), null);
            case "task-definition":
                var colon = rest.LastIndexOf(':');
                return colon > 0 && long.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
                    ? new ArnParts(region, account, EcsStore.TaskDefinitionKey(account, region, rest[..colon], revision), null)
                    : null;
            case "container-instance" or "task":
                var parts = rest.Split('/');
                if (parts.Length != 2)
                {
                    return null;
                }

                var key = kind == "task"
                    ? EcsStore.TaskKey(account, region, parts[0], parts[1])
                    : EcsStore.ContainerInstanceKey(account, region, parts[0], parts[1]);
                return new ArnParts(region, account, key, parts[0]);
            default:
                return null;
        }
    }

    /// <summary>The resource an ARN names, or the error ECS answers.</summary>
    private static (ResourceKey Key, JsonObject Resource) ResourceByArn(IStoreReader store, OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        if (ParseArn(arn) is not { } parts || parts.Region != context.Region || parts.Account != context.AccountId)
        {
            throw EcsErrors.InvalidParameter("The ARN provided is invalid.");
        }

        var resource = EcsStore.Find(store, parts.Key);
        if (parts.Key.Kind == EcsStore.Clusters && (resource is null || Str(resource, "status") != "ACTIVE"))
        {
            throw EcsErrors.ClusterNotFound();
        }

        return (parts.Key, resource ?? throw EcsErrors.ResourceNotFound());
    }

    private JsonObject TagResource(OperationContext context)
    {
        var added = RequestTags(context.Input["tags"]);
        context.Store.Write(tx =>
        {
            var (key, resource) = ResourceByArn(tx, context);
            var tags = resource["tags"]?.AsArray().OfType<JsonObject>()
                .Where(t => added.All(a => Str(a, "key") != Str(t, "key")))
                .Select(t => t.DeepClone())
                .Concat(added.Select(a => a!.DeepClone()))
                .ToList() ?? [];
            if (tags.Count > 50)
            {
                throw EcsErrors.InvalidParameter("Too many tags. A resource can have a maximum of 50 tags.");
            }

            resource["tags"] = new JsonArray([.. tags]);
            EcsStore.Put(tx, key, resource);
        });
        return [];
    }

    private JsonObject UntagResource(OperationContext context)
    {
        var keys = context.Input["tagKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        context.Store.Write(tx =>
        {
            var (key, resource) = ResourceByArn(tx, context);
            resource["tags"] = new JsonArray([.. resource["tags"]?.AsArray().OfType<JsonObject>()
                .Where(t => !keys.Contains(Str(t, "key") ?? ""))
                .Select(t => t.DeepClone()) ?? []]);
            EcsStore.Put(tx, key, resource);
        });
        return [];
    }

    private JsonObject ListTagsForResource(OperationContext context) =>
        new() { ["tags"] = ResourceByArn(context.Store, context).Resource["tags"]?.DeepClone() ?? new JsonArray() };

    [GeneratedRegex(@"^arn:aws:ecs:([a-z0-9-]+):([0-9]{12}):(cluster|task-definition|container-instance|task)/(.+)$")]
    private static partial Regex ArnPattern();
}
