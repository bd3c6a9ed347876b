using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Logs;

/// <summary>Log events: PutLogEvents with AWS's batch rules, GetLogEvents, FilterLogEvents.</summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
public sealed partial class LogsService
{
    private const int MaxBatchBytes = 1_048_576;
    private const int EventOverheadBytes = 26;
    private const int DefaultEventsLimit = 10_000;
    private static readonly TimeSpan MaxBatchSpan = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaxFuture = TimeSpan.FromHours(2);
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(14);

    partial void RegisterEvents()
    {
        Register("PutLogEvents", StreamTarget, PutLogEvents);
        Register("GetLogEvents", StreamTarget, GetLogEvents);
        Register("FilterLogEvents", GroupTarget, FilterLogEvents);
    }

    private static JsonObject PutLogEvents(OperationContext context)
    {
        var group = context.RequiredString("logGroupName");
        var stream = context.RequiredString("logStreamName");
        var events = context.Input["logEvents"]!.AsArray()
            .Select(e => new ChunkEvent(e!["timestamp"]!.GetValue<long>(), e["message"]!.GetValue<string>()))
            .ToList();

        // The batch rules, in the order the API reference lists them. Sequence tokens are ignored, as AWS now does.
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].T < events[i - 1].T)
            {
                throw LogsErrors.InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
            }
        }

        if (events[^1].T - events[0].T > (long)MaxBatchSpan.TotalMilliseconds)
        {
            throw LogsErrors.InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        var size = events.Sum(e => (long)Encoding.UTF8.GetByteCount(e.M) + EventOverheadBytes);
        if (size > MaxBatchBytes)
        {
            throw LogsErrors.InvalidParameter($"Upload too large: {size} bytes exceeds limit of {MaxBatchBytes}");
        }

        // The group (its retention) is read before the transaction, from the read cache: the transaction then holds the
        // store's lock for the stream alone. A stream exists only while its group does (DeleteLogGroup deletes both at
        // once), so finding the stream inside the transaction still refuses a batch for a group deleted meanwhile.
        var now = context.Now.ToUnixTimeMilliseconds();
        var groupRecord = LogsStore.FindGroup(context.Store, context.AccountId, context.Region, group) ?? throw LogsErrors.GroupNotFound();
        var (accepted, rejected) = Classify(events, now, groupRecord.RetentionInDays);
        var chunk = accepted.Count > 0 ? LogsStore.Write(new EventChunk(now, accepted)) : null;
        var acceptedBytes = accepted.Sum(e => (long)Encoding.UTF8.GetByteCount(e.M));
        var streamKey = LogsStore.StreamKey(context.AccountId, context.Region, group, stream);

        // The stream's next state is worked out before the transaction, from the committed stream read without the
        // store's lock, and used if the stream is still at that version inside it (else worked out again there): all
        // writers of one stream queue on that lock, so it is held for the writes alone.
        Appended Append(StoredItem streamItem)
        {
            var record = LogsStore.ReadStream(streamKey, streamItem.Document);
            var chunkKey = LogsStore.ChunkKey(context.AccountId, context.Region, group, stream, record.Chunks);
            record = record with
            {
                FirstEventTimestamp = Math.Min(record.FirstEventTimestamp ?? long.MaxValue, accepted[0].T),
                LastEventTimestamp = Math.Max(record.LastEventTimestamp ?? long.MinValue, accepted[^1].T),
                LastIngestionTime = now,
                Chunks = record.Chunks + 1,
                StoredBytes = record.StoredBytes + acceptedBytes,
            };
            return new Appended(streamItem.Version, chunkKey, LogsStore.Write(streamKey, record), record.Chunks);
        }

        var prepared = chunk is not null && context.Store.Get(streamKey) is { } seen ? Append(seen) : null;
        var chunks = context.Store.Write(tx =>
        {
            var streamItem = tx.Get(streamKey) ?? throw LogsErrors.StreamNotFound();
            if (chunk is null)
            {
                return LogsStore.ReadStream(streamKey, streamItem.Document).Chunks;
            }

            var append = prepared?.Version == streamItem.Version ? prepared : Append(streamItem);
            tx.Insert(append.ChunkKey, chunk);
            tx.Update(streamKey, append.Document, streamItem.Version);
            return append.Chunks;
        });

        var result = new JsonObject { ["nextSequenceToken"] = SequenceToken(chunks) };
        if (rejected is not null)
        {
            result["rejectedLogEventsInfo"] = rejected;
        }

        return result;
    }

    /// <summary>A batch's writes to its stream: the batch's key and the stream's next document, for the stream at <paramref name="Version"/>.</summary>
    private sealed record Appended(long Version, ResourceKey ChunkKey, string Document, long Chunks);

    /// <summary>
    /// Splits a chronological batch into the accepted events and the rejected-events info: events before the retention
    /// period are expired, those more than 14 days old too old (both a prefix, reported by an exclusive end index), those
    /// more than 2 hours in the future too new (a suffix, reported by an inclusive start index).
    /// </summary>
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_RejectedLogEventsInfo.html
    private static (List<ChunkEvent> Accepted, JsonObject? Rejected) Classify(List<ChunkEvent> events, long now, int? retentionDays)
    {
        var tooOldBefore = now - (long)MaxPast.TotalMilliseconds;
        var expiredBefore = retentionDays is { } days ? now - (long)TimeSpan.FromDays(days).TotalMilliseconds : long.MinValue;
        var tooNewAfter = now + (long)MaxFuture.TotalMilliseconds;

        int expiredEnd = 0, tooOldEnd = 0, tooNewStart = events.Count;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].T < expiredBefore)
            {
                expiredEnd = i + 1;
            }

            if (events[i].T < tooOldBefore)
            {
                tooOldEnd = i + 1;
            }

            if (events[i].T > tooNewAfter && tooNewStart == events.Count)
            {
                tooNewStart = i;
            }
        }

        var first = Math.Max(expiredEnd, tooOldEnd);
        var accepted = first < tooNewStart ? events.GetRange(first, tooNewStart - first) : [];
        if (first == 0 && tooNewStart == events.Count)
        {
            return (accepted, null);
        }

        var info = new JsonObject();
        if (tooNewStart < events.Count)
        {
            info["tooNewLogEventStartIndex"] = tooNewStart;
        }

        if (tooOldEnd > 0)
        {
            info["tooOldLogEventEndIndex"] = tooOldEnd;
        }

        if (expiredEnd > 0)
        {
            info["expiredLogEventEndIndex"] = expiredEnd;
        }

        return (accepted, info);
    }

    private static JsonObject GetLogEvents(OperationContext context)
    {
        var group = RequiredGroupName(context);
        var stream = context.RequiredString("logStreamName");
        var (store, account, region) = (context.Store, context.AccountId, context.Region);
        RequireGroup(context, group);
        _ = LogsStore.FindStream(store, account, region, group, stream) ?? throw LogsErrors.StreamNotFound();

        // startTime is inclusive, endTime exclusive: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
        var start = context.Input["startTime"]?.GetValue<long>() ?? long.MinValue;
        var end = context.Input["endTime"]?.GetValue<long>() ?? long.MaxValue;
        var events = LogsStore.StreamEvents(store, account, region, group, stream)
            .Where(e => e.Timestamp >= start && e.Timestamp < end)
            .ToList();
        var limit = context.Int("limit") ?? DefaultEventsLimit;

        int from, to;
        var token = context.String("nextToken");
        if (token is null)
        {
            if (context.Bool("startFromHead") == true)
            {
                from = 0;
                to = Forward(events, from, limit);
            }
            else
            {
                to = events.Count;
                from = Backward(events, to, limit);
            }
        }
        else
        {
            var (forward, position) = ParseEventToken(token);
            position = Math.Min(position, events.Count);
            if (forward)
            {
                from = position;
                to = Forward(events, from, limit);
            }
            else
            {
                to = position;
                from = Backward(events, to, limit);
            }
        }

        return new JsonObject
        {
            ["events"] = new JsonArray([.. events.Skip(from).Take(to - from).Select(e => (JsonNode)new JsonObject
            {
                ["timestamp"] = e.Timestamp,
                ["message"] = e.Message,
                ["ingestionTime"] = e.IngestionTime,
            })]),

            // At the end of the stream the token passed in comes back, which is how clients know to stop.
            ["nextForwardToken"] = $"f/{to:D56}",
            ["nextBackwardToken"] = $"b/{from:D56}",
        };
    }

    /// <summary>The end (exclusive) of a page read forward from <paramref name="from"/>: at most <paramref name="limit"/> events and 1 MB.</summary>
    private static int Forward(List<StoredLogEvent> events, int from, int limit)
    {
        var to = from;
        long bytes = 0;
        while (to < events.Count && to - from < limit)
        {
            bytes += Encoding.UTF8.GetByteCount(events[to].Message) + EventOverheadBytes;
            if (bytes > MaxBatchBytes && to > from)
            {
                break;
            }

            to++;
        }

        return to;
    }

    /// <summary>The start of a page read backward from <paramref name="to"/> (exclusive).</summary>
    private static int Backward(List<StoredLogEvent> events, int to, int limit)
    {
        var from = to;
        long bytes = 0;
        while (from > 0 && to - from < limit)
        {
            bytes += Encoding.UTF8.GetByteCount(events[from - 1].Message) + EventOverheadBytes;
            if (bytes > MaxBatchBytes && from < to)
            {
                break;
            }

            from--;
        }

        return from;
    }

    private static (bool Forward, int Position) ParseEventToken(string token)
    {
        if (token.Length > 2 && (token[0] == 'f' || token[0] == 'b') && token[1] == '/'
            && int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return (token[0] == 'f', position);
        }

        throw LogsErrors.InvalidToken();
    }

    private static JsonObject FilterLogEvents(OperationContext context)
    {
        var group = RequiredGroupName(context);
        var names = context.Input["logStreamNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var prefix = context.String("logStreamNamePrefix");
        if (names is not null && prefix is not null)
        {
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html ("If you specify a value for both logStreamNamePrefix and logStreamNames, the action returns an InvalidParameterException error.")
            throw LogsErrors.InvalidParameter("Cannot specify both logStreamNames and logStreamNamePrefix.");
        }

        var pattern = FilterPattern.Parse(context.String("filterPattern"));
        RequireGroup(context, group);

        // startTime and endTime are both inclusive here ("Events with a timestamp later than this time are not returned").
        var start = context.Input["startTime"]?.GetValue<long>() ?? long.MinValue;
        var end = context.Input["endTime"]?.GetValue<long>() ?? long.MaxValue;
        var collection = new CollectionKey(context.AccountId, context.Region, LogsStore.Streams);
        var matched = LogsStore.All(context.Store, collection, LogsStore.StreamPrefix(group) + prefix)
            .Select(item => LogsStore.ReadStream(item.Document).Name)
            .Where(name => names is null || names.Contains(name))
            .SelectMany(name => LogsStore.StreamEvents(context.Store, context.AccountId, context.Region, group, name))
            .Where(e => e.Timestamp >= start && e.Timestamp <= end && pattern.Matches(e.Message))
            .OrderBy(e => e.Timestamp)
            .ToList();

        var offset = OffsetToken.Decode("filter", context.String("nextToken"));
        var limit = context.Int("limit") ?? DefaultEventsLimit;
        var to = Forward(matched, Math.Min(offset, matched.Count), limit);
        var output = new JsonObject
        {
            ["events"] = new JsonArray([.. matched.Skip(offset).Take(to - offset).Select(e => (JsonNode)new JsonObject
            {
                ["logStreamName"] = e.Stream,
                ["timestamp"] = e.Timestamp,
                ["message"] = e.Message,
                ["ingestionTime"] = e.IngestionTime,
                ["eventId"] = e.EventId,
            })]),
            ["searchedLogStreams"] = new JsonArray(),
        };
        if (to < matched.Count)
        {
            output["nextToken"] = OffsetToken.Encode("filter", to);
        }

        return output;
    }
}
