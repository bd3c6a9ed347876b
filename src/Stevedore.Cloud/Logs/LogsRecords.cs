namespace Stevedore.Cloud.Logs;

/// <summary>A log group as stored: one document per group.</summary>
/// <param name="Created">Creation time in epoch milliseconds, as the API reports it.</param>
internal sealed record LogGroupRecord(
    string Name,
    long Created,
    int? RetentionInDays,
    string? KmsKeyId,
    string LogGroupClass,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A log stream as stored; its events live in <see cref="EventChunk"/> items, one per PutLogEvents batch.</summary>
/// <param name="Chunks">How many batches the stream holds (the next batch's number, and the sequence token).</param>
internal sealed record LogStreamRecord(
    string Name,
    long Created,
    long? FirstEventTimestamp,
    long? LastEventTimestamp,
    long? LastIngestionTime,
    long Chunks,
    long StoredBytes);

/// <summary>The accepted events of one PutLogEvents batch, in the order given (chronological).</summary>
internal sealed record EventChunk(long IngestionTime, List<ChunkEvent> Events);

/// <summary>One log event: timestamp (epoch ms) and message.</summary>
internal sealed record ChunkEvent(long T, string M);

/// <summary>One event read back from a stream.</summary>
internal sealed record StoredLogEvent(string Stream, long Timestamp, long IngestionTime, string Message, string EventId);
