using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Logs;

/// <summary>Log groups: create, describe, delete, retention.</summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html and the other group operations
public sealed partial class LogsService
{
    private const int DefaultDescribeLimit = 50;

    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
    private static readonly int[] RetentionValues =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    partial void RegisterGroups()
    {
        Register("CreateLogGroup", c => WithRequestTags(GroupTarget(c), c.Input["tags"]), CreateLogGroup);
        Register("DescribeLogGroups", c => new AuthorizationTarget(Action(c), StreamArn(c.Region, c.AccountId, "", "")), DescribeLogGroups);
        Register("DeleteLogGroup", GroupTarget, DeleteLogGroup);
        Register("PutRetentionPolicy", GroupTarget, PutRetentionPolicy);
        Register("DeleteRetentionPolicy", GroupTarget, DeleteRetentionPolicy);
    }

    private static JsonObject? CreateLogGroup(OperationContext context)
    {
        var name = context.RequiredString("logGroupName");
        var tags = ReadTagMap(context.Input["tags"]);
        var record = new LogGroupRecord(
            name,
            context.Now.ToUnixTimeMilliseconds(),
            null,
            context.String("kmsKeyId"),
            context.String("logGroupClass") ?? "STANDARD",
            tags);
        context.Store.Write(tx =>
        {
            if (tx.Get(LogsStore.GroupKey(context.AccountId, context.Region, name)) is not null)
            {
                throw LogsErrors.GroupExists();
            }

            tx.Insert(LogsStore.GroupKey(context.AccountId, context.Region, name), LogsStore.Write(record));
        });
        return null;
    }

    private static JsonObject DescribeLogGroups(OperationContext context)
    {
        var prefix = context.String("logGroupNamePrefix");
        var pattern = context.String("logGroupNamePattern");
        if (prefix is not null && pattern is not null)
        {
            throw LogsErrors.InvalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }

        var limit = context.Int("limit") ?? DefaultDescribeLimit;
        var collection = new CollectionKey(context.AccountId, context.Region, LogsStore.Groups);
        var groups = LogsStore.All(context.Store, collection, prefix)
            .Select(item => LogsStore.ReadGroup(item.Document))
            .Where(g => pattern is null || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            .Where(g => context.String("logGroupClass") is not { } wanted || g.LogGroupClass == wanted)
            .ToList();
        var offset = OffsetToken.Decode("groups", context.String("nextToken"));
        var page = groups.Skip(offset).Take(limit).ToList();
        var output = new JsonObject { ["logGroups"] = new JsonArray([.. page.Select(g => (JsonNode)GroupOutput(context, g))]) };
        if (offset + page.Count < groups.Count)
        {
            output["nextToken"] = OffsetToken.Encode("groups", offset + page.Count);
        }

        return output;
    }

    private static JsonObject GroupOutput(OperationContext context, LogGroupRecord group)
    {
        var arn = GroupArn(context.Region, context.AccountId, group.Name);
        var storedBytes = LogsStore.All(context.Store, new CollectionKey(context.AccountId, context.Region, LogsStore.Streams), LogsStore.StreamPrefix(group.Name))
            .Sum(item => LogsStore.ReadStream(item.Document).StoredBytes);
        var output = new JsonObject
        {
            ["logGroupName"] = group.Name,
            ["creationTime"] = group.Created,
            ["metricFilterCount"] = 0,

            // DescribeLogGroups reports "arn" with a trailing ":*" and "logGroupArn" without it.
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
            ["arn"] = arn + ":*",
            ["storedBytes"] = storedBytes,
            ["logGroupClass"] = group.LogGroupClass,
            ["logGroupArn"] = arn,
        };
        if (group.RetentionInDays is { } days)
        {
            output["retentionInDays"] = days;
        }

        if (group.KmsKeyId is { } key)
        {
            output["kmsKeyId"] = key;
        }

        return output;
    }

    private static JsonObject? DeleteLogGroup(OperationContext context)
    {
        var name = context.RequiredString("logGroupName");
        context.Store.Write(tx =>
        {
            if (!tx.Delete(LogsStore.GroupKey(context.AccountId, context.Region, name)))
            {
                throw LogsErrors.GroupNotFound();
            }

            foreach (var kind in new[] { LogsStore.Streams, LogsStore.Chunks })
            {
                var collection = new CollectionKey(context.AccountId, context.Region, kind);
                foreach (var item in LogsStore.All(tx, collection, LogsStore.StreamPrefix(name)).ToList())
                {
                    tx.Delete(item.Key);
                }
            }
        });
        return null;
    }

    private static JsonObject? PutRetentionPolicy(OperationContext context)
    {
        var name = context.RequiredString("logGroupName");
        var days = context.Int("retentionInDays")!.Value;
        if (Array.IndexOf(RetentionValues, days) < 0)
        {
            throw LogsErrors.InvalidParameter(
                $"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionValues)}]");
        }

        UpdateGroup(context, name, g => g with { RetentionInDays = days });
        return null;
    }

    private static JsonObject? DeleteRetentionPolicy(OperationContext context)
    {
        UpdateGroup(context, context.RequiredString("logGroupName"), g => g with { RetentionInDays = null });
        return null;
    }

    private static void UpdateGroup(OperationContext context, string name, Func<LogGroupRecord, LogGroupRecord> change) =>
        context.Store.Write(tx =>
        {
            var key = LogsStore.GroupKey(context.AccountId, context.Region, name);
            var item = tx.Get(key) ?? throw LogsErrors.GroupNotFound();
            tx.Update(key, LogsStore.Write(change(LogsStore.ReadGroup(item.Document))), item.Version);
        });

    private static Dictionary<string, string> ReadTagMap(JsonNode? tags) =>
        tags is JsonObject map
            ? map.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
