using System.Collections.Concurrent;
using System.Text.Json;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Logs;

/// <summary>
/// Where CloudWatch Logs keeps its state, per account and region: one document per log group, one per log stream
/// (named <c>GROUP:STREAM</c>) and one per accepted PutLogEvents batch (named <c>GROUP:STREAM:NNNNNNNNNNNN</c>), so a
/// batch of up to 10,000 events is one write and a stream's events are one prefix listing.
/// </summary>
/// <remarks>Names are case-sensitive. Neither group names (<c>[\.\-_/#A-Za-z0-9]+</c>) nor stream names (<c>[^:*]*</c>)
/// may contain <c>:</c>, so the composite names cannot collide.</remarks>
internal static class LogsStore
{
    public static readonly ResourceKind Groups = new("logs/log-group", CaseInsensitiveNames: false);
    public static readonly ResourceKind Streams = new("logs/log-stream", CaseInsensitiveNames: false);
    public static readonly ResourceKind Chunks = new("logs/event-batch", CaseInsensitiveNames: false, Bulk: true);

    public static ResourceKey GroupKey(string account, string region, string group) => new(account, region, Groups, group);

    public static ResourceKey StreamKey(string account, string region, string group, string stream) =>
        new(account, region, Streams, $"{group}:{stream}");

    public static ResourceKey ChunkKey(string account, string region, string group, string stream, long chunk) =>
        new(account, region, Chunks, $"{group}:{stream}:{chunk:D12}");

    public static string StreamPrefix(string group) => group + ":";

    public static string ChunkPrefix(string group, string stream) => $"{group}:{stream}:";

    /// <summary>A group document parsed once per text (read on every request that authorizes against the group).</summary>
    public static LogGroupRecord ReadGroup(string json) => ParsedDocuments.Read(json, LogsJsonContext.Default.LogGroupRecord);

    public static string Write(LogGroupRecord group) => JsonSerializer.Serialize(group, LogsJsonContext.Default.LogGroupRecord);

    public static LogStreamRecord ReadStream(string json) => JsonSerializer.Deserialize(json, LogsJsonContext.Default.LogStreamRecord)!;

    /// <summary>
    /// A stream document read back in a write: the record written last for this stream when the text is still that one
    /// (every PutLogEvents rewrites its stream, so the text is new each time and is not worth a content-keyed memory).
    /// </summary>
    public static LogStreamRecord ReadStream(ResourceKey key, string json) =>
        LastWritten.TryGetValue(key, out var last) && string.Equals(last.Json, json, StringComparison.Ordinal) ? last.Record : ReadStream(json);

    /// <summary>Writes a stream document and remembers it as the stream's last (see <see cref="ReadStream(ResourceKey, string)"/>).</summary>
    public static string Write(ResourceKey key, LogStreamRecord stream)
    {
        var json = Write(stream);
        if (LastWritten.Count >= 4096)
        {
            LastWritten.Clear();
        }

        LastWritten[key] = (json, stream);
        return json;
    }

    private static readonly ConcurrentDictionary<ResourceKey, (string Json, LogStreamRecord Record)> LastWritten = new();

    public static string Write(LogStreamRecord stream) => JsonSerializer.Serialize(stream, LogsJsonContext.Default.LogStreamRecord);

    public static EventChunk ReadChunk(string json) => JsonSerializer.Deserialize(json, LogsJsonContext.Default.EventChunk)!;

    public static string Write(EventChunk chunk) => JsonSerializer.Serialize(chunk, LogsJsonContext.Default.EventChunk);

    public static LogGroupRecord? FindGroup(IStoreReader store, string account, string region, string group) =>
        store.Get(GroupKey(account, region, group)) is { } item ? ReadGroup(item.Document) : null;

    public static LogStreamRecord? FindStream(IStoreReader store, string account, string region, string group, string stream) =>
        store.Get(StreamKey(account, region, group, stream)) is { } item ? ReadStream(item.Document) : null;

    /// <summary>Every item of a collection whose name starts with <paramref name="prefix"/>, in name order.</summary>
    public static IEnumerable<StoredItem> All(IStoreReader store, CollectionKey collection, string? prefix)
    {
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(collection, prefix, ListQuery.MaxLimit, marker));
            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    /// <summary>The events of one stream in timestamp order (batches in arrival order for equal timestamps).</summary>
    public static List<StoredLogEvent> StreamEvents(IStoreReader store, string account, string region, string group, string stream)
    {
        var events = new List<StoredLogEvent>();
        foreach (var item in All(store, new CollectionKey(account, region, Chunks), ChunkPrefix(group, stream)))
        {
            var chunkNumber = long.Parse(item.Key.Name.AsSpan(item.Key.Name.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);
            var chunk = ReadChunk(item.Document);
            for (var i = 0; i < chunk.Events.Count; i++)
            {
                var e = chunk.Events[i];
                events.Add(new StoredLogEvent(stream, e.T, chunk.IngestionTime, e.M, EventId(stream, chunkNumber, i)));
            }
        }

        // List.Sort is not stable; OrderBy is.
        return [.. events.OrderBy(e => e.Timestamp)];
    }

    /// <summary>A 56-digit event id, as AWS's are: a hash of the stream name, the batch number and the index within the batch.</summary>
    private static string EventId(string stream, long chunk, int index)
    {
        // FNV-1a: stable across processes (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return $"{hash % 10_000_000_000_000_000UL:D16}{chunk:D20}{index:D20}";
    }
}
