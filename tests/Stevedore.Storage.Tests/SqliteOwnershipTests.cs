using Stevedore.Storage.Sqlite;
using static Stevedore.Storage.Tests.TestKinds;

namespace Stevedore.Storage.Tests;

/// <summary>A file store caches reads, so one store at a time owns its data directory.</summary>
public sealed class SqliteOwnershipTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_second_store_on_the_same_directory_is_refused_until_the_first_is_closed()
    {
        using (var first = SqliteStateStore.OpenFile(directory.Path))
        {
            first.Write(tx => tx.Insert(RoleKey("a"), "{}"));
            var refused = Assert.Throws<StoreInUseException>(() => SqliteStateStore.OpenFile(directory.Path));
            Assert.Contains("is in use by another Stevedore process", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--data-dir", refused.Message, StringComparison.Ordinal);

            // The refused attempt changed nothing: the owner still reads and writes.
            first.Write(tx => tx.Insert(RoleKey("b"), "{}"));
            Assert.Equal(2, first.Count(Roles));
        }

        using var second = SqliteStateStore.OpenFile(directory.Path);
        Assert.Equal(2, second.Count(Roles));
    }

    [Fact]
    public void A_cached_read_sees_the_owner_s_next_write_of_that_collection_and_not_of_others()
    {
        using var store = SqliteStateStore.OpenFile(directory.Path);
        store.Write(tx => tx.Insert(RoleKey("a"), """{"v":1}"""));
        store.Write(tx => tx.Insert(Objects.Item("o"), """{"v":1}"""));
        Assert.Equal("""{"v":1}""", store.Get(RoleKey("A"))!.Document);
        Assert.Single(store.List(new ListQuery(Objects)).Items);

        store.Write(tx => tx.Put(RoleKey("a"), """{"v":2}"""));
        Assert.Equal("""{"v":2}""", store.Get(RoleKey("a"))!.Document);
        Assert.Equal("""{"v":2}""", store.Get(RoleKey("A"))!.Document);
        store.Write(tx => tx.Insert(Objects.Item("p"), "{}"));
        Assert.Equal(2, store.List(new ListQuery(Objects)).Items.Count);
        Assert.Equal(2, store.Count(Objects));
        store.Write(tx => tx.Delete(RoleKey("A")));
        Assert.Null(store.Get(RoleKey("a")));
    }
}
