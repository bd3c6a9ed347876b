using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Logs;

/// <summary>Log streams: create, describe, delete.</summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html and the other stream operations
public sealed partial class LogsService
{
    partial void RegisterStreams()
    {
        Register("CreateLogStream", StreamTarget, CreateLogStream);
        Register("DescribeLogStreams", GroupTarget, DescribeLogStreams);
        Register("DeleteLogStream", StreamTarget, DeleteLogStream);
    }

    private static JsonObject? CreateLogStream(OperationContext context)
    {
        var group = context.RequiredString("logGroupName");
        var name = context.RequiredString("logStreamName");
        var record = new LogStreamRecord(name, context.Now.ToUnixTimeMilliseconds(), null, null, null, 0, 0);
        context.Store.Write(tx =>
        {
            if (tx.Get(LogsStore.GroupKey(context.AccountId, context.Region, group)) is null)
            {
                throw LogsErrors.GroupNotFound();
            }

            if (tx.Get(LogsStore.StreamKey(context.AccountId, context.Region, group, name)) is not null)
            {
                throw LogsErrors.StreamExists();
            }

            tx.Insert(LogsStore.StreamKey(context.AccountId, context.Region, group, name), LogsStore.Write(record));
        });
        return null;
    }

    private static JsonObject DescribeLogStreams(OperationContext context)
    {
        var group = RequiredGroupName(context);
        var prefix = context.String("logStreamNamePrefix");
        var orderBy = context.String("orderBy") ?? "LogStreamName";
        if (prefix is not null && orderBy == "LastEventTime")
        {
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html ("If you order the results by event time, you cannot specify the logStreamNamePrefix parameter.")
            throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }

        RequireGroup(context, group);
        var collection = new CollectionKey(context.AccountId, context.Region, LogsStore.Streams);
        IEnumerable<LogStreamRecord> streams = LogsStore.All(context.Store, collection, LogsStore.StreamPrefix(group) + prefix)
            .Select(item => LogsStore.ReadStream(item.Document));
        if (orderBy == "LastEventTime")
        {
            streams = streams.OrderBy(s => s.LastEventTimestamp ?? long.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal);
        }

        var ordered = streams.ToList();
        if (context.Bool("descending") == true)
        {
            ordered.Reverse();
        }

        var limit = context.Int("limit") ?? DefaultDescribeLimit;
        var offset = OffsetToken.Decode("streams", context.String("nextToken"));
        var page = ordered.Skip(offset).Take(limit).ToList();
        var output = new JsonObject
        {
            ["logStreams"] = new JsonArray([.. page.Select(s => (JsonNode)StreamOutput(context, group, s))]),
        };
        if (offset + page.Count < ordered.Count)
        {
            output["nextToken"] = OffsetToken.Encode("streams", offset + page.Count);
        }

        return output;
    }

    private static JsonObject StreamOutput(OperationContext context, string group, LogStreamRecord stream)
    {
        var output = new JsonObject
        {
            ["logStreamName"] = stream.Name,
            ["creationTime"] = stream.Created,
        };
        if (stream.FirstEventTimestamp is { } first)
        {
            output["firstEventTimestamp"] = first;
            output["lastEventTimestamp"] = stream.LastEventTimestamp;
            output["lastIngestionTime"] = stream.LastIngestionTime;
        }

        output["uploadSequenceToken"] = SequenceToken(stream.Chunks);
        output["arn"] = StreamArn(context.Region, context.AccountId, group, stream.Name);

        // Deprecated by AWS and always 0: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogStream.html
        output["storedBytes"] = 0;
        return output;
    }

    private static JsonObject? DeleteLogStream(OperationContext context)
    {
        var group = context.RequiredString("logGroupName");
        var name = context.RequiredString("logStreamName");
        context.Store.Write(tx =>
        {
            if (tx.Get(LogsStore.GroupKey(context.AccountId, context.Region, group)) is null)
            {
                throw LogsErrors.GroupNotFound();
            }

            if (!tx.Delete(LogsStore.StreamKey(context.AccountId, context.Region, group, name)))
            {
                throw LogsErrors.StreamNotFound();
            }

            var chunks = new CollectionKey(context.AccountId, context.Region, LogsStore.Chunks);
            foreach (var item in LogsStore.All(tx, chunks, LogsStore.ChunkPrefix(group, name)).ToList())
            {
                tx.Delete(item.Key);
            }
        });
        return null;
    }

    /// <summary>A 56-digit sequence token, as AWS's look (AWS no longer checks them).</summary>
    private static string SequenceToken(long chunks) => $"{chunks + 1:D56}";
}
