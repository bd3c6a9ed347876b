using Stevedore.Storage.Sqlite;

namespace Stevedore.Storage.Tests;

/// <summary>The in-memory store's own properties: private to its opener, and not capped at memdb's 1 GiB.</summary>
public sealed class SqliteMemoryStoreTests
{
    [Fact]
    public void TwoInMemoryStoresDoNotShareData()
    {
        using var first = SqliteStateStore.OpenInMemory();
        using var second = SqliteStateStore.OpenInMemory();

        first.Write(tx => tx.Put(TestKinds.RoleKey("only-in-first"), "1"));

        Assert.NotNull(first.Get(TestKinds.RoleKey("only-in-first")));
        Assert.Null(second.Get(TestKinds.RoleKey("only-in-first")));
    }

    [Fact]
    public void InMemoryStoreIsNotCappedAtMemdbDefaultSize()
    {
        using var store = SqliteStateStore.OpenInMemory();

        Assert.True(store.InMemorySizeLimit() > 1L << 40, $"size limit {store.InMemorySizeLimit()}");
    }

    [Fact]
    public void InMemoryStoreKeepsManyLargeWrites()
    {
        using var store = SqliteStateStore.OpenInMemory();
        var document = new string('x', 64 * 1024);

        for (var i = 0; i < 200; i++)
        {
            store.Write(tx => tx.Put(TestKinds.RoleKey("big-" + i), document));
        }

        Assert.Equal(document, store.Get(TestKinds.RoleKey("big-199"))!.Document);
        Assert.Equal(document, store.Get(TestKinds.RoleKey("big-0"))!.Document);
    }
}
