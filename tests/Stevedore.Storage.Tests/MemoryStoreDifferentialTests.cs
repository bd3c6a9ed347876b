using Stevedore.Storage.Memory;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Storage.Tests;

/// <summary>
/// The in-memory store against the SQLite one under the same random writes, many more items than a record leaf holds,
/// and names that order differently by UTF-16 unit than by code point: every listing, page, count and read agrees.
/// </summary>
public sealed class MemoryStoreDifferentialTests
{
    private static readonly string[] Parts = ["a", "B", "b", "logs/", "x:", "\uE000", "\U0001F600", "\uFFFD", "0", "zz"];

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public void Agrees_with_the_sqlite_store(bool asRecords, int seed)
    {
        var random = new Random(seed);
        using var memory = new MemoryStateStore(_ => asRecords, clock: null);
        using var sqlite = SqliteStateStore.OpenInMemory();
        var kinds = new[] { TestKinds.Role, TestKinds.Object };
        var names = new List<string>();

        for (var round = 0; round < 60; round++)
        {
            var batch = Enumerable.Range(0, 40).Select(_ => (Kind: kinds[random.Next(2)], Name: Name(random, names), Op: random.Next(4))).ToList();
            foreach (var store in new IStateStore[] { memory, sqlite })
            {
                store.Write(tx =>
                {
                    foreach (var (kind, name, op) in batch)
                    {
                        var key = new ResourceKey(TestKinds.Account, "r", kind, name);
                        if (op == 0)
                        {
                            tx.Delete(key);
                        }
                        else
                        {
                            tx.Put(key, $"{name}#{round}", op == 3 ? "alias-" + name : null);
                        }
                    }
                });
            }

            foreach (var kind in kinds)
            {
                var collection = new CollectionKey(TestKinds.Account, "r", kind);
                foreach (var prefix in new string?[] { null, "a", "logs/", "\uE000", "\U0001F600", "b" })
                {
                    Assert.Equal(Pages(sqlite, collection, prefix, 1 + (round % 7)), Pages(memory, collection, prefix, 1 + (round % 7)));
                    Assert.Equal(sqlite.Count(collection, prefix), memory.Count(collection, prefix));
                }

                foreach (var name in names.Take(30))
                {
                    var key = collection.Item(name);
                    Assert.Equal(sqlite.Get(key)?.Document, memory.Get(key)?.Document);
                    Assert.Equal(sqlite.Get(key)?.Key.Name, memory.Get(key)?.Key.Name);
                }

                Assert.Equal(sqlite.GetByAlias(collection, "alias-" + names[0])?.Key.Name, memory.GetByAlias(collection, "alias-" + names[0])?.Key.Name);
            }
        }

        Assert.True(memory.Count(new CollectionKey(TestKinds.Account, "r", TestKinds.Object)) > 300, "more items than one leaf");
    }

    /// <summary>
    /// Inserts as log batches arrive: names that grow within each of a few prefixes, so most go after every name and the
    /// rest between prefixes; some name an item that exists (caught inside the transaction), some transactions roll back.
    /// </summary>
    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 5)]
    public void Agrees_with_the_sqlite_store_under_growing_names(bool asRecords, int seed)
    {
        var random = new Random(seed);
        using var memory = new MemoryStateStore(_ => asRecords, clock: null);
        using var sqlite = SqliteStateStore.OpenInMemory();
        var collection = new CollectionKey(TestKinds.Account, "r", TestKinds.Object);
        var next = new[] { 0, 0, 0 };
        var streams = new[] { "g:b", "g:a", "g:c" };
        for (var round = 0; round < 400; round++)
        {
            var stream = random.Next(10) < 7 ? 0 : random.Next(1, 3);
            var count = random.Next(1, 4);
            var names = Enumerable.Range(next[stream], count).Select(n => $"{streams[stream]}:{n:D12}").ToList();
            var repeat = next[stream] > 0 && random.Next(8) == 0 ? $"{streams[stream]}:{random.Next(next[stream]):D12}" : null;
            var rollBack = random.Next(10) == 0;
            var outcomes = new List<string>();
            foreach (var store in new IStateStore[] { memory, sqlite })
            {
                string? result = null;
                var outcome = Record.Exception(() => result = store.Write(tx =>
                {
                    foreach (var name in names)
                    {
                        tx.Insert(collection.Item(name), $"{name}#{round}");
                    }

                    var thrown = repeat is null ? "none" : Record.Exception(() => tx.Insert(collection.Item(repeat), "again"))?.GetType().Name;
                    var value = tx.NextSequenceValue("batches");
                    if (rollBack)
                    {
                        throw new InvalidOperationException("roll back");
                    }

                    return $"{thrown} {value}";
                }));
                outcomes.Add(outcome?.Message ?? result!);
            }

            Assert.Equal(outcomes[0], outcomes[1]);
            if (!rollBack)
            {
                next[stream] += count;
            }

            if (round % 50 == 49)
            {
                foreach (var prefix in new string?[] { null, "g:a:", "g:b:", "g:c:" })
                {
                    Assert.Equal(Pages(sqlite, collection, prefix, 1 + (round % 7)), Pages(memory, collection, prefix, 1 + (round % 7)));
                    Assert.Equal(sqlite.Count(collection, prefix), memory.Count(collection, prefix));
                }

                Assert.Equal(sqlite.Write(tx => tx.NextSequenceValue("batches")), memory.Write(tx => tx.NextSequenceValue("batches")));
            }
        }

        Assert.True(memory.Count(collection) > 300, "more items than one leaf");
    }

    private static string Name(Random random, List<string> names)
    {
        if (names.Count > 0 && random.Next(3) == 0)
        {
            return names[random.Next(names.Count)];
        }

        var name = string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Parts[random.Next(Parts.Length)]));
        names.Add(name);
        return name;
    }

    private static List<string> Pages(IStateStore store, CollectionKey collection, string? prefix, int limit)
    {
        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(collection, prefix, limit, marker));
            seen.AddRange(page.Items.Select(i => $"{i.Key.Name}={i.Document}|{i.Alias}"));
            marker = page.NextMarker;
        }
        while (marker is not null);

        return seen;
    }
}
