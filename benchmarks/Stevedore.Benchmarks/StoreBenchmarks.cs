using BenchmarkDotNet.Attributes;
using Stevedore.Storage;
using Stevedore.Storage.Memory;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Benchmarks;

/// <summary>
/// The in-memory stores under the write shape of PutLogEvents: read the group and the stream,
/// insert a chunk of events, update the stream; against an empty transaction and a cached read for scale.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private static readonly ResourceKind Groups = new("logs/group", CaseInsensitiveNames: false);
    private static readonly ResourceKind Streams = new("logs/stream", CaseInsensitiveNames: false);
    private static readonly ResourceKind Chunks = new("logs/chunk", CaseInsensitiveNames: false, Bulk: true);
    private static readonly ResourceKey Group = new("000000000000", "us-east-1", Groups, "/bench");
    private static readonly ResourceKey Stream = new("000000000000", "us-east-1", Streams, "/bench:s");
    private const string ChunkDocument = """{"ingested":1764640000000,"events":[{"t":1764640000000,"m":"GET /health 200 1ms"},{"t":1764640000000,"m":"GET /orders 200 12ms"}]}""";
    private const string StreamDocument = """{"name":"s","created":1764640000000,"chunks":0,"storedBytes":0}""";

    private IStateStore store = null!;
    private long chunk;

    /// <summary><c>memory</c>: what <c>serve --ephemeral</c> uses; <c>sqlite</c>: SQLite on its in-memory VFS.</summary>
    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        store = Store == "sqlite" ? SqliteStateStore.OpenInMemory() : new MemoryStateStore();
        store.Write(tx =>
        {
            tx.Put(Group, """{"name":"/bench","retentionInDays":null}""");
            tx.Put(Stream, StreamDocument);
        });
    }

    [GlobalCleanup]
    public void Cleanup() => store.Dispose();

    [Benchmark]
    public int EmptyTransaction() => store.Write(_ => 0);

    [Benchmark]
    public StoredItem? CachedGet() => store.Get(Stream);

    [Benchmark]
    public long PutLogEventsShape() => store.Write(tx =>
    {
        _ = tx.Get(Group)!;
        var stream = tx.Get(Stream)!;
        tx.Insert(new ResourceKey("000000000000", "us-east-1", Chunks, $"/bench:s:{chunk++:D12}"), ChunkDocument);
        return tx.Update(Stream, StreamDocument, stream.Version).Version;
    });
}
