using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Events;

/// <summary>Tags on rules: TagResource, UntagResource, ListTagsForResource.</summary>
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
public sealed partial class EventsService
{
    partial void RegisterTags()
    {
        Register("TagResource", TagTarget, TagResource);
        Register("UntagResource", TagTarget, UntagResource);
        Register("ListTagsForResource", TagTarget, ListTagsForResource);
    }

    /// <summary>Authorized on the ARN given, with the rule's tags and the tags the request sets or removes.</summary>
    private AuthorizationTarget TagTarget(OperationContext context)
    {
        var arn = context.RequiredString("ResourceARN");
        var target = new AuthorizationTarget(Action(context), arn);
        if (RuleOfArn(context, arn) is { } name && EventsStore.Find(context.Store, context.AccountId, context.Region, DefaultBus, name) is { } rule)
        {
            target = target.With("events:creatorAccount", rule.CreatedBy)
                .WithResourceTags(rule.Tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
        }

        var tags = ReadTags(context.Input["Tags"]);
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        List<string> keys = context.Input["TagKeys"] is JsonArray removed ? [.. removed.Select(k => k!.GetValue<string>())] : [.. tags.Select(t => t.Key)];
        return keys.Count > 0 ? target.WithMulti("aws:TagKeys", keys) : target;
    }

    /// <summary>The rule (on the default bus, this account and region) an ARN names, or null.</summary>
    private static string? RuleOfArn(OperationContext context, string arn)
    {
        var prefix = $"arn:aws:events:{context.Region}:{context.AccountId}:rule/";
        return arn.StartsWith(prefix, StringComparison.Ordinal) && arn.Length > prefix.Length && !arn[prefix.Length..].Contains('/', StringComparison.Ordinal)
            ? arn[prefix.Length..]
            : null;
    }

    private static RuleRecord RuleOfTagRequest(OperationContext context)
    {
        var arn = context.RequiredString("ResourceARN");
        var name = RuleOfArn(context, arn);
        if (name is null)
        {
            // Only rules on the default bus are taggable in Stevedore.
            var tail = arn[(arn.LastIndexOf('/') + 1)..];
            throw EventsErrors.RuleNotFound(tail, DefaultBus);
        }

        return EventsStore.Find(context.Store, context.AccountId, context.Region, DefaultBus, name) ?? throw EventsErrors.RuleNotFound(name, DefaultBus);
    }

    private static JsonObject TagResource(OperationContext context)
    {
        var rule = RuleOfTagRequest(context);
        var tags = ReadTags(context.Input["Tags"]);
        SaveRule(context, rule, current => current with
        {
            Tags = [.. current.Tags.Where(t => tags.TrueForAll(n => n.Key != t.Key)).Concat(tags)],
        });
        return [];
    }

    private static JsonObject UntagResource(OperationContext context)
    {
        var rule = RuleOfTagRequest(context);
        var keys = context.Input["TagKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        SaveRule(context, rule, current => current with { Tags = [.. current.Tags.Where(t => !keys.Contains(t.Key))] });
        return [];
    }

    private static JsonObject ListTagsForResource(OperationContext context) =>
        new() { ["Tags"] = TagsOutput(RuleOfTagRequest(context).Tags) };
}
