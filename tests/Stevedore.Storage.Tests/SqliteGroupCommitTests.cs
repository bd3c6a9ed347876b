using Stevedore.Storage.Sqlite;
using static Stevedore.Storage.Tests.TestKinds;

namespace Stevedore.Storage.Tests;

/// <summary>
/// The file store's group commit: every write outside a durability scope is fsynced before it returns; inside a scope
/// the writes are visible at once and fsynced together when the scope ends; concurrent writers share fsyncs.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_write_outside_a_scope_is_fsynced_before_it_returns()
    {
        using var store = SqliteStateStore.OpenFile(directory.Path);
        var before = store.DurableSyncCount;
        store.Write(tx => tx.Insert(RoleKey("a"), "{}"));
        Assert.Equal(before + 1, store.DurableSyncCount);
        store.Write(tx => tx.Insert(RoleKey("b"), "{}"));
        Assert.Equal(before + 2, store.DurableSyncCount);
    }

    [Fact]
    public void Writes_inside_a_scope_are_visible_at_once_and_fsynced_once_when_it_ends()
    {
        using var store = SqliteStateStore.OpenFile(directory.Path);
        var before = store.DurableSyncCount;
        using (store.DeferDurability())
        {
            for (var i = 0; i < 5; i++)
            {
                store.Write(tx => tx.Insert(RoleKey($"r{i}"), "{}"));
            }

            Assert.Equal(5, store.Count(Roles));
            Assert.Equal(before, store.DurableSyncCount);

            // Scopes do not stack: the inner one's end waits for nothing.
            using (store.DeferDurability())
            {
                store.Write(tx => tx.Insert(RoleKey("inner"), "{}"));
            }

            Assert.Equal(before, store.DurableSyncCount);
        }

        Assert.Equal(before + 1, store.DurableSyncCount);
    }

    [Fact]
    public void A_scope_without_writes_does_not_fsync()
    {
        using var store = SqliteStateStore.OpenFile(directory.Path);
        store.Write(tx => tx.Insert(RoleKey("a"), "{}"));
        var before = store.DurableSyncCount;
        using (store.DeferDurability())
        {
            Assert.NotNull(store.Get(RoleKey("a")));
        }

        Assert.Equal(before, store.DurableSyncCount);
    }

    [Fact]
    public async Task Scopes_on_other_flows_are_their_own_and_concurrent_writers_share_fsyncs()
    {
        using var store = SqliteStateStore.OpenFile(directory.Path);
        var before = store.DurableSyncCount;
        const int writers = 8, each = 25;
        using var start = new Barrier(writers);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < each; i++)
            {
                store.Write(tx => tx.Insert(RoleKey($"w{w}-{i}"), "{}"));
            }
        })));

        Assert.Equal(writers * each, store.Count(Roles));
        var syncs = store.DurableSyncCount - before;
        Assert.InRange(syncs, 1, writers * each);

        // A scope opened on one flow does not defer the writes of another.
        using (store.DeferDurability())
        {
            var outside = store.DurableSyncCount;
            var thread = new Thread(() => store.Write(tx => tx.Insert(RoleKey("other-flow"), "{}")));
            using (ExecutionContext.SuppressFlow())
            {
                thread.Start();
            }

            thread.Join();
            Assert.Equal(outside + 1, store.DurableSyncCount);
        }
    }

    [Fact]
    public void Writes_of_a_scope_survive_reopening()
    {
        using (var store = SqliteStateStore.OpenFile(directory.Path))
        using (store.DeferDurability())
        {
            store.Write(tx => tx.Insert(RoleKey("kept"), """{"k":1}"""));
        }

        using var reopened = SqliteStateStore.OpenFile(directory.Path);
        Assert.Equal("""{"k":1}""", reopened.Get(RoleKey("kept"))!.Document);
    }

    [Fact]
    public void The_in_memory_store_never_fsyncs()
    {
        using var store = SqliteStateStore.OpenInMemory();
        using (store.DeferDurability())
        {
            store.Write(tx => tx.Insert(RoleKey("a"), "{}"));
        }

        Assert.Equal(0, store.DurableSyncCount);
    }
}
