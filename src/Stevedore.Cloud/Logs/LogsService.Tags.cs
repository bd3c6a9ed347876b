using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Logs;

/// <summary>Tags on log groups: TagResource/UntagResource/ListTagsForResource (by ARN) and the older *LogGroup forms (by name).</summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
public sealed partial class LogsService
{
    private const int MaxTags = 50;

    partial void RegisterTags()
    {
        Register("TagResource", c => WithRequestTags(ArnTarget(c), c.Input["tags"]), c => Tag(c, GroupOfArn(c), ReadTagMap(c.Input["tags"])));
        Register("UntagResource", c => WithTagKeys(ArnTarget(c), c.Input["tagKeys"]), c => Untag(c, GroupOfArn(c), c.Input["tagKeys"]));
        Register("ListTagsForResource", ArnTarget, c => ListTags(c, GroupOfArn(c)));
        Register("TagLogGroup", c => WithRequestTags(GroupTarget(c), c.Input["tags"]), c => Tag(c, c.RequiredString("logGroupName"), ReadTagMap(c.Input["tags"])));
        Register("UntagLogGroup", c => WithTagKeys(GroupTarget(c), c.Input["tags"]), c => Untag(c, c.RequiredString("logGroupName"), c.Input["tags"]));
        Register("ListTagsLogGroup", GroupTarget, c => ListTags(c, c.RequiredString("logGroupName")));
    }

    /// <summary>The tagging actions take the group ARN without <c>:*</c>, and are authorized on it.</summary>
    private AuthorizationTarget ArnTarget(OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        var target = new AuthorizationTarget(Action(context), arn);
        return GroupOfArnOrNull(context, arn) is { } group ? Tagged(context, target, group) : target;
    }

    private static AuthorizationTarget WithTagKeys(AuthorizationTarget target, JsonNode? keys) =>
        keys is JsonArray list && list.Count > 0 ? target.WithMulti("aws:TagKeys", [.. list.Select(k => k!.GetValue<string>())]) : target;

    /// <summary>The group an ARN of this account and region names, or null.</summary>
    private static string? GroupOfArnOrNull(OperationContext context, string arn)
    {
        var prefix = $"arn:aws:logs:{context.Region}:{context.AccountId}:log-group:";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = arn[prefix.Length..];
        name = name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
        return name.Length == 0 || name.Contains(':', StringComparison.Ordinal) ? null : name;
    }

    private static string GroupOfArn(OperationContext context)
    {
        var arn = context.RequiredString("resourceArn");
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || arn.Split(':').Length < 6)
        {
            throw LogsErrors.InvalidParameter($"Invalid resource arn: {arn}");
        }

        return GroupOfArnOrNull(context, arn) ?? throw new Aws.Protocols.AwsServiceException("ResourceNotFoundException", "The specified resource does not exist.");
    }

    private static JsonObject? Tag(OperationContext context, string group, Dictionary<string, string> tags)
    {
        UpdateGroup(context, group, g =>
        {
            var merged = new Dictionary<string, string>(g.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
            {
                merged[key] = value;
            }

            if (merged.Count > MaxTags)
            {
                // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html (TooManyTagsException)
                throw new Aws.Protocols.AwsServiceException("TooManyTagsException", $"A resource can have no more than {MaxTags} tags.");
            }

            return g with { Tags = merged };
        });
        return null;
    }

    private static JsonObject? Untag(OperationContext context, string group, JsonNode? keys)
    {
        var remove = keys?.AsArray().Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        UpdateGroup(context, group, g => g with
        {
            Tags = g.Tags.Where(t => !remove.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        });
        return null;
    }

    private static JsonObject ListTags(OperationContext context, string group)
    {
        var record = RequireGroup(context, group);
        var tags = new JsonObject();
        foreach (var (key, value) in record.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tags[key] = value;
        }

        return new JsonObject { ["tags"] = tags };
    }
}
