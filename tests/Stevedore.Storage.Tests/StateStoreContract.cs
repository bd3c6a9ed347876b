using static Stevedore.Storage.Tests.TestKinds;

namespace Stevedore.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> backend must have. A subclass per backend
/// supplies a fresh, empty store for each test.
/// </summary>
public abstract class StateStoreContract : IDisposable
{
    private readonly Lazy<IStateStore> store;

    protected StateStoreContract()
    {
        store = new Lazy<IStateStore>(() => CreateStore(Clock));
    }

    internal ManualClock Clock { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).AddTicks(9));

    protected IStateStore Store => store.Value;

    /// <summary>A new empty store using <paramref name="clock"/> for timestamps.</summary>
    protected abstract IStateStore CreateStore(TimeProvider clock);

    public void Dispose()
    {
        if (store.IsValueCreated)
        {
            store.Value.Dispose();
        }

        DisposeBackend();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes whatever the backend created (files, schemas) after the store is disposed.</summary>
    protected virtual void DisposeBackend()
    {
    }

    // ---- CRUD ----

    [Fact]
    public void Insert_then_get_returns_document_version_alias_and_timestamps()
    {
        var inserted = Store.Write(tx => tx.Insert(RoleKey("Admin"), """{"a":1}""", "AROAEXAMPLE"));
        var read = Store.Get(RoleKey("Admin"));

        Assert.NotNull(read);
        Assert.Equal(inserted, read);
        Assert.Equal("Admin", read.Key.Name);
        Assert.Equal("""{"a":1}""", read.Document);
        Assert.Equal("AROAEXAMPLE", read.Alias);
        Assert.True(read.Version > 0);
        Assert.Equal(Clock.Now, read.Created);
        Assert.Equal(Clock.Now, read.Updated);
    }

    [Fact]
    public void Get_of_a_missing_item_returns_null()
    {
        Assert.Null(Store.Get(RoleKey("nobody")));
        Assert.Null(Store.GetByAlias(Roles, "AROANOBODY"));
    }

    [Fact]
    public void Insert_of_an_existing_name_throws_item_already_exists()
    {
        Store.Write(tx => tx.Insert(RoleKey("Admin"), "{}"));

        var e = Assert.Throws<ItemAlreadyExistsException>(() => Store.Write(tx => tx.Insert(RoleKey("Admin"), """{"b":2}""")));

        Assert.Equal("Admin", e.Existing.Name);
        Assert.Equal("{}", Store.Get(RoleKey("Admin"))!.Document);
    }

    [Fact]
    public void Case_insensitive_kind_treats_names_differing_in_case_as_one_item()
    {
        Store.Write(tx => tx.Insert(RoleKey("MyRole"), "{}"));

        var e = Assert.Throws<ItemAlreadyExistsException>(() => Store.Write(tx => tx.Insert(RoleKey("MYROLE"), "{}")));
        Assert.Equal("MyRole", e.Existing.Name);
        Assert.Equal("MYROLE", e.Key.Name);

        var read = Store.Get(RoleKey("myrole"));
        Assert.NotNull(read);
        Assert.Equal("MyRole", read.Key.Name);
        Assert.Equal(1, Store.Count(Roles));
    }

    [Fact]
    public void Case_sensitive_kind_keeps_names_differing_in_case_apart()
    {
        Store.Write(tx =>
        {
            tx.Insert(Objects.Item("Key"), "1");
            tx.Insert(Objects.Item("key"), "2");
        });

        Assert.Equal("1", Store.Get(Objects.Item("Key"))!.Document);
        Assert.Equal("2", Store.Get(Objects.Item("key"))!.Document);
        Assert.Null(Store.Get(Objects.Item("KEY")));
        Assert.Equal(2, Store.Count(Objects));
    }

    [Fact]
    public void Items_are_scoped_by_account_region_and_kind()
    {
        Store.Write(tx =>
        {
            tx.Insert(new ResourceKey(Account, "", Role, "x"), "role");
            tx.Insert(new ResourceKey(OtherAccount, "", Role, "x"), "other-account");
            tx.Insert(new ResourceKey(Account, "eu-west-1", Role, "x"), "regional");
            tx.Insert(new ResourceKey(Account, "", Policy, "x"), "policy");
        });

        Assert.Equal("role", Store.Get(new ResourceKey(Account, "", Role, "X"))!.Document);
        Assert.Equal("other-account", Store.Get(new ResourceKey(OtherAccount, "", Role, "x"))!.Document);
        Assert.Equal("regional", Store.Get(new ResourceKey(Account, "eu-west-1", Role, "x"))!.Document);
        Assert.Equal("policy", Store.Get(new ResourceKey(Account, "", Policy, "x"))!.Document);
        Assert.Equal(1, Store.Count(Roles));
    }

    [Fact]
    public void Put_creates_then_replaces_keeping_creation_time()
    {
        var created = Store.Write(tx => tx.Put(RoleKey("Svc"), "1", "AROA1"));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var replaced = Store.Write(tx => tx.Put(RoleKey("SVC"), "2", "AROA2"));

        Assert.True(replaced.Version > created.Version);
        Assert.Equal(created.Created, replaced.Created);
        Assert.Equal(Clock.Now, replaced.Updated);
        var read = Store.Get(RoleKey("svc"))!;
        Assert.Equal(replaced, read);
        Assert.Equal("SVC", read.Key.Name);
        Assert.Equal("2", read.Document);
        Assert.Null(Store.GetByAlias(Roles, "AROA1"));
        Assert.Equal("SVC", Store.GetByAlias(Roles, "AROA2")!.Key.Name);
        Assert.Equal(1, Store.Count(Roles));
    }

    [Fact]
    public void Update_with_the_current_version_replaces_the_document_and_bumps_the_version()
    {
        var v1 = Store.Write(tx => tx.Insert(RoleKey("Admin"), "1", "AROA1"));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var v2 = Store.Write(tx => tx.Update(RoleKey("admin"), "2", v1.Version));

        Assert.True(v2.Version > v1.Version);
        Assert.Equal("Admin", v2.Key.Name);
        Assert.Equal("AROA1", v2.Alias);
        Assert.Equal(v1.Created, v2.Created);
        Assert.Equal(Clock.Now, v2.Updated);
        Assert.Equal(v2, Store.Get(RoleKey("Admin")));
    }

    [Fact]
    public void Update_with_a_stale_version_throws_concurrency_conflict_and_changes_nothing()
    {
        var v1 = Store.Write(tx => tx.Insert(RoleKey("Admin"), "1"));
        var v2 = Store.Write(tx => tx.Update(RoleKey("Admin"), "2", v1.Version));

        var e = Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx => tx.Update(RoleKey("Admin"), "3", v1.Version)));

        Assert.Equal(v1.Version, e.ExpectedVersion);
        Assert.Equal(v2.Version, e.ActualVersion);
        Assert.Equal("2", Store.Get(RoleKey("Admin"))!.Document);
    }

    [Fact]
    public void Update_of_a_missing_item_throws_item_not_found()
    {
        Assert.Throws<ItemNotFoundException>(() => Store.Write(tx => tx.Update(RoleKey("ghost"), "1", 1)));
    }

    [Fact]
    public void Delete_removes_the_item_and_reports_whether_it_existed()
    {
        Store.Write(tx => tx.Insert(RoleKey("Admin"), "1", "AROA1"));

        Assert.True(Store.Write(tx => tx.Delete(RoleKey("ADMIN"))));
        Assert.False(Store.Write(tx => tx.Delete(RoleKey("Admin"))));
        Assert.Null(Store.Get(RoleKey("Admin")));
        Assert.Null(Store.GetByAlias(Roles, "AROA1"));
        Assert.Equal(0, Store.Count(Roles));
    }

    [Fact]
    public void Delete_with_an_expected_version_checks_it()
    {
        var v1 = Store.Write(tx => tx.Insert(RoleKey("Admin"), "1"));
        var v2 = Store.Write(tx => tx.Update(RoleKey("Admin"), "2", v1.Version));

        var stale = Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx => tx.Delete(RoleKey("Admin"), v1.Version)));
        Assert.Equal(v2.Version, stale.ActualVersion);
        Assert.NotNull(Store.Get(RoleKey("Admin")));

        Assert.True(Store.Write(tx => tx.Delete(RoleKey("Admin"), v2.Version)));
        var gone = Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx => tx.Delete(RoleKey("Admin"), v2.Version)));
        Assert.Null(gone.ActualVersion);
    }

    [Fact]
    public void Versions_grow_on_every_write_and_are_not_reused_after_delete()
    {
        var versions = new List<long>();
        versions.Add(Store.Write(tx => tx.Insert(RoleKey("A"), "1")).Version);
        versions.Add(Store.Write(tx => tx.Put(RoleKey("A"), "2")).Version);
        versions.Add(Store.Write(tx => tx.Update(RoleKey("A"), "3", versions[^1])).Version);
        Store.Write(tx => tx.Delete(RoleKey("A")));
        versions.Add(Store.Write(tx => tx.Insert(RoleKey("A"), "4")).Version);

        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i] > versions[i - 1], $"version {versions[i]} after {versions[i - 1]}");
        }
    }

    [Fact]
    public void Versions_keep_growing_after_a_rolled_back_transaction()
    {
        var before = Store.Write(tx => tx.Insert(RoleKey("Before"), "1")).Version;
        Assert.Throws<InvalidOperationException>(() => Store.Write(tx =>
        {
            tx.Insert(RoleKey("Lost"), "x");
            tx.Update(RoleKey("Before"), "y", before);
            throw new InvalidOperationException("roll back");
        }));

        var after = Store.Write(tx => tx.Update(RoleKey("Before"), "2", before));

        Assert.True(after.Version > before, $"version {after.Version} after {before}");
        Assert.Null(Store.Get(RoleKey("Lost")));
        Assert.Equal("2", Store.Get(RoleKey("Before"))!.Document);
    }

    [Fact]
    public void An_update_after_a_read_in_its_transaction_checks_the_version_the_item_has_by_then()
    {
        var v1 = Store.Write(tx => tx.Insert(RoleKey("Seen"), "1")).Version;
        Store.Write(tx => tx.Insert(RoleKey("Other"), "o"));

        // Read, then another write of the same item: the update must see that write's version, not the read's.
        var stale = Assert.Throws<ConcurrencyConflictException>(() => Store.Write(tx =>
        {
            var read = tx.Get(RoleKey("Seen"))!;
            tx.Put(RoleKey("Seen"), "2");
            return tx.Update(RoleKey("Seen"), "3", read.Version);
        }));
        Assert.Equal(v1, stale.ExpectedVersion);

        // Read, write another item, update twice: the second update checks the first's version.
        var last = Store.Write(tx =>
        {
            var read = tx.Get(RoleKey("Seen"))!;
            tx.Update(RoleKey("Other"), "o2", tx.Get(RoleKey("Other"))!.Version);
            var first = tx.Update(RoleKey("Seen"), "4", read.Version);
            Assert.Throws<ConcurrencyConflictException>(() => tx.Update(RoleKey("Seen"), "x", read.Version));
            return tx.Update(RoleKey("Seen"), "5", first.Version);
        });

        var stored = Store.Get(RoleKey("Seen"))!;
        Assert.Equal("5", stored.Document);
        Assert.Equal(last.Version, stored.Version);
        Assert.Equal("o2", Store.Get(RoleKey("Other"))!.Document);

        // A deleted item read before its deletion is not updated.
        Assert.Throws<ItemNotFoundException>(() => Store.Write(tx =>
        {
            var read = tx.Get(RoleKey("Other"))!;
            tx.Delete(RoleKey("Other"));
            return tx.Update(RoleKey("Other"), "o3", read.Version);
        }));
    }

    [Fact]
    public void Insert_of_an_existing_name_caught_inside_the_delegate_changes_nothing_and_the_rest_commits()
    {
        var taken = Store.Write(tx => tx.Insert(RoleKey("Taken"), "1"));

        var outcome = Store.Write(tx =>
        {
            tx.Insert(RoleKey("Fresh"), "f");
            try
            {
                tx.Insert(RoleKey("TAKEN"), "x");
                return "inserted";
            }
            catch (ItemAlreadyExistsException e)
            {
                return "exists as " + e.Existing.Name;
            }
        });

        Assert.Equal("exists as Taken", outcome);
        Assert.NotNull(Store.Get(RoleKey("Fresh")));
        var kept = Store.Get(RoleKey("Taken"))!;
        Assert.Equal(("1", taken.Version, "Taken"), (kept.Document, kept.Version, kept.Key.Name));
    }

    [Fact]
    public void Update_returns_the_stored_name_alias_and_creation_time()
    {
        var created = Store.Write(tx => tx.Insert(RoleKey("MixedCase"), "1", "AROAMIXED"));

        var updated = Store.Write(tx => tx.Update(RoleKey("mixedcase"), "2", created.Version));

        Assert.Equal(("MixedCase", "AROAMIXED", created.Created, "2"), (updated.Key.Name, updated.Alias, updated.Created, updated.Document));
        Assert.Equal(updated, Store.Get(RoleKey("MixedCase")));
    }

    // ---- Aliases ----

    [Fact]
    public void Alias_finds_the_item_and_is_unique_per_collection()
    {
        Store.Write(tx => tx.Insert(RoleKey("One"), "1", "AROAONE"));

        Assert.Equal("One", Store.GetByAlias(Roles, "AROAONE")!.Key.Name);
        Assert.Null(Store.GetByAlias(Roles, "aroaone"));

        var e = Assert.Throws<AliasAlreadyExistsException>(() => Store.Write(tx => tx.Insert(RoleKey("Two"), "2", "AROAONE")));
        Assert.Equal("One", e.Holder.Name);
        Assert.Null(Store.Get(RoleKey("Two")));
        Assert.Throws<AliasAlreadyExistsException>(() => Store.Write(tx => tx.Put(RoleKey("Two"), "2", "AROAONE")));

        // Same alias elsewhere is fine.
        Store.Write(tx => tx.Insert(new ResourceKey(OtherAccount, "", Role, "Two"), "2", "AROAONE"));
        Store.Write(tx => tx.Insert(new ResourceKey(Account, "", Policy, "Two"), "2", "AROAONE"));
        Assert.Equal("One", Store.GetByAlias(Roles, "AROAONE")!.Key.Name);
    }

    [Fact]
    public void Alias_is_freed_by_delete_and_kept_by_update()
    {
        var one = Store.Write(tx => tx.Insert(RoleKey("One"), "1", "AROAONE"));
        Store.Write(tx => tx.Update(RoleKey("One"), "1b", one.Version));
        Assert.Equal("1b", Store.GetByAlias(Roles, "AROAONE")!.Document);

        Store.Write(tx => tx.Delete(RoleKey("One")));
        Store.Write(tx => tx.Insert(RoleKey("Two"), "2", "AROAONE"));
        Assert.Equal("Two", Store.GetByAlias(Roles, "AROAONE")!.Key.Name);
    }

    [Fact]
    public void Items_without_alias_do_not_collide()
    {
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("a"), "1");
            tx.Insert(RoleKey("b"), "2");
            tx.Put(RoleKey("c"), "3");
        });

        Assert.Equal(3, Store.Count(Roles));
    }

    // ---- Lists ----

    [Fact]
    public void List_orders_by_name_under_the_kinds_comparison()
    {
        Store.Write(tx =>
        {
            foreach (var name in new[] { "charlie", "Bravo", "alpha", "Delta" })
            {
                tx.Insert(RoleKey(name), name);
            }

            foreach (var name in new[] { "b", "B", "a", "A" })
            {
                tx.Insert(Objects.Item(name), name);
            }
        });

        var roles = Store.List(new ListQuery(Roles));
        Assert.Equal(["alpha", "Bravo", "charlie", "Delta"], roles.Items.Select(i => i.Key.Name));
        Assert.Null(roles.NextMarker);
        Assert.False(roles.IsTruncated);

        var objects = Store.List(new ListQuery(Objects));
        Assert.Equal(["A", "B", "a", "b"], objects.Items.Select(i => i.Key.Name));
    }

    [Fact]
    public void List_pages_with_markers_cover_every_item_once_in_order()
    {
        var names = Enumerable.Range(0, 23).Select(i => $"role-{i:D3}").ToList();
        Store.Write(tx =>
        {
            foreach (var name in names.AsEnumerable().Reverse())
            {
                tx.Insert(RoleKey(name), name);
            }
        });

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = Store.List(new ListQuery(Roles, Limit: 5, Marker: marker));
            pages++;
            Assert.True(page.Items.Count <= 5);
            Assert.True(page.Items.Count == 5 || page.NextMarker is null);
            seen.AddRange(page.Items.Select(i => i.Key.Name));
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal(5, pages);
        Assert.Equal(names, seen);
    }

    [Fact]
    public void List_of_exactly_one_full_page_has_no_marker()
    {
        Store.Write(tx =>
        {
            for (var i = 0; i < 3; i++)
            {
                tx.Insert(RoleKey($"r{i}"), "{}");
            }
        });

        Assert.Null(Store.List(new ListQuery(Roles, Limit: 3)).NextMarker);
        Assert.NotNull(Store.List(new ListQuery(Roles, Limit: 2)).NextMarker);
    }

    [Fact]
    public void List_continues_after_the_marker_even_when_items_change_between_pages()
    {
        Store.Write(tx =>
        {
            foreach (var name in new[] { "a", "b", "c", "d" })
            {
                tx.Insert(RoleKey(name), name);
            }
        });

        var first = Store.List(new ListQuery(Roles, Limit: 2));
        Store.Write(tx =>
        {
            tx.Delete(RoleKey("b"));
            tx.Delete(RoleKey("c"));
            tx.Insert(RoleKey("aa"), "aa");
            tx.Insert(RoleKey("e"), "e");
        });
        var second = Store.List(new ListQuery(Roles, Limit: 2, Marker: first.NextMarker));

        Assert.Equal(["a", "b"], first.Items.Select(i => i.Key.Name));
        Assert.Equal(["d", "e"], second.Items.Select(i => i.Key.Name));
    }

    [Fact]
    public void List_and_count_filter_by_name_prefix_under_the_kinds_comparison()
    {
        Store.Write(tx =>
        {
            foreach (var name in new[] { "AppRole1", "approle2", "APPROLE3", "Ap", "Other", "aq" })
            {
                tx.Insert(RoleKey(name), name);
            }

            foreach (var name in new[] { "logs/a", "Logs/b", "logs/c", "logsx" })
            {
                tx.Insert(Objects.Item(name), name);
            }
        });

        var page = Store.List(new ListQuery(Roles, NamePrefix: "appROLE", Limit: 2));
        Assert.Equal(["AppRole1", "approle2"], page.Items.Select(i => i.Key.Name));
        var rest = Store.List(new ListQuery(Roles, NamePrefix: "appROLE", Limit: 2, Marker: page.NextMarker));
        Assert.Equal(["APPROLE3"], rest.Items.Select(i => i.Key.Name));
        Assert.Null(rest.NextMarker);
        Assert.Equal(3, Store.Count(Roles, "APPROLE"));
        Assert.Equal(6, Store.Count(Roles, ""));

        Assert.Equal(["logs/a", "logs/c"], Store.List(new ListQuery(Objects, NamePrefix: "logs/")).Items.Select(i => i.Key.Name));
        Assert.Equal(2, Store.Count(Objects, "logs/"));
        Assert.Empty(Store.List(new ListQuery(Objects, NamePrefix: "zzz")).Items);
    }

    [Fact]
    public void List_rejects_foreign_and_malformed_markers_and_bad_limits()
    {
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("a"), "a");
            tx.Insert(RoleKey("b"), "b");
            tx.Insert(new ResourceKey(Account, "", Policy, "a"), "a");
            tx.Insert(new ResourceKey(Account, "", Policy, "b"), "b");
        });
        var policyMarker = Store.List(new ListQuery(new CollectionKey(Account, "", Policy), Limit: 1)).NextMarker;
        Assert.NotNull(policyMarker);

        Assert.Throws<InvalidMarkerException>(() => Store.List(new ListQuery(Roles, Marker: policyMarker)));
        Assert.Throws<InvalidMarkerException>(() => Store.List(new ListQuery(Roles, Marker: "not a marker!")));
        Assert.Throws<InvalidMarkerException>(() => Store.List(new ListQuery(Roles, Marker: "")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.List(new ListQuery(Roles, Limit: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.List(new ListQuery(Roles, Limit: ListQuery.MaxLimit + 1)));
    }

    // ---- Transactions ----

    [Fact]
    public void A_transaction_that_throws_writes_nothing()
    {
        var existing = Store.Write(tx => tx.Insert(RoleKey("Keep"), "1"));

        var e = Assert.Throws<InvalidOperationException>(() => Store.Write(tx =>
        {
            tx.Insert(RoleKey("New"), "n", "AROANEW");
            tx.Update(RoleKey("Keep"), "2", existing.Version);
            tx.Delete(RoleKey("Keep"));
            tx.NextSequenceValue("seq");
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", e.Message);
        Assert.Null(Store.Get(RoleKey("New")));
        Assert.Null(Store.GetByAlias(Roles, "AROANEW"));
        Assert.Equal(existing, Store.Get(RoleKey("Keep")));
        Assert.Equal(1, Store.Count(Roles));
    }

    [Fact]
    public void A_typed_failure_escaping_the_delegate_rolls_back_earlier_writes()
    {
        Store.Write(tx => tx.Insert(RoleKey("Taken"), "1"));

        Assert.Throws<ItemAlreadyExistsException>(() => Store.Write(tx =>
        {
            tx.Insert(RoleKey("First"), "1");
            tx.Insert(RoleKey("TAKEN"), "2");
        }));

        Assert.Null(Store.Get(RoleKey("First")));
    }

    [Fact]
    public void A_failed_operation_caught_inside_the_delegate_leaves_the_rest_to_commit()
    {
        Store.Write(tx => tx.Insert(RoleKey("Taken"), "1", "AROATAKEN"));

        var outcome = Store.Write(tx =>
        {
            tx.Insert(RoleKey("Fresh"), "f");
            try
            {
                tx.Insert(RoleKey("taken"), "x", "AROAOTHER");
                return "inserted";
            }
            catch (ItemAlreadyExistsException)
            {
                return "exists";
            }
        });

        Assert.Equal("exists", outcome);
        Assert.NotNull(Store.Get(RoleKey("Fresh")));
        Assert.Equal("1", Store.Get(RoleKey("Taken"))!.Document);
        Assert.Null(Store.GetByAlias(Roles, "AROAOTHER"));
    }

    [Fact]
    public void Reads_inside_a_transaction_see_its_own_writes()
    {
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("a"), "1", "AROAA");
            Assert.Equal("1", tx.Get(RoleKey("A"))!.Document);
            Assert.Equal("a", tx.GetByAlias(Roles, "AROAA")!.Key.Name);
            Assert.Equal(1, tx.Count(Roles));
            tx.Delete(RoleKey("a"));
            Assert.Null(tx.Get(RoleKey("a")));
            Assert.Empty(tx.List(new ListQuery(Roles)).Items);
        });
    }

    [Fact]
    public void Write_returns_the_delegates_result_and_the_transaction_is_unusable_afterwards()
    {
        IStoreTransaction? kept = null;
        var result = Store.Write(tx =>
        {
            kept = tx;
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Throws<ObjectDisposedException>(() => kept!.Get(RoleKey("a")));
        Assert.Throws<ObjectDisposedException>(() => kept!.Insert(RoleKey("a"), "1"));
    }

    [Fact]
    public void Write_transactions_do_not_nest()
    {
        Assert.Throws<InvalidOperationException>(() => Store.Write(_ => Store.Write(tx => tx.Insert(RoleKey("a"), "1"))));
        Assert.Null(Store.Get(RoleKey("a")));
    }

    [Fact]
    public void Read_runs_against_a_consistent_snapshot()
    {
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("a"), "1", "AROAA");
            tx.Insert(RoleKey("b"), "2");
        });

        var (count, names, alias) = Store.Read(r =>
            (r.Count(Roles), r.List(new ListQuery(Roles)).Items.Select(i => i.Key.Name).ToList(), r.GetByAlias(Roles, "AROAA")!.Key.Name));

        Assert.Equal(2, count);
        Assert.Equal(["a", "b"], names);
        Assert.Equal("a", alias);
    }

    [Fact]
    public void Sequences_count_from_one_independently()
    {
        var values = Store.Write(tx => new[] { tx.NextSequenceValue("s"), tx.NextSequenceValue("s"), tx.NextSequenceValue("t") });
        var later = Store.Write(tx => tx.NextSequenceValue("s"));

        Assert.Equal([1L, 2L, 1L], values);
        Assert.Equal(3, later);
    }

    // ---- Concurrency ----

    [Fact]
    public async Task Concurrent_check_then_insert_of_one_name_has_exactly_one_winner()
    {
        const int writers = 16;
        using var start = new Barrier(writers);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                try
                {
                    // Mixed case: the name is unique without regard to case.
                    var name = i % 2 == 0 ? "ecsTaskExecutionRole" : "ECSTASKEXECUTIONROLE";
                    Store.Write(tx =>
                    {
                        if (tx.Get(RoleKey(name)) is { } existing)
                        {
                            throw new ItemAlreadyExistsException(RoleKey(name), existing.Key);
                        }

                        Thread.Yield();
                        tx.Insert(RoleKey(name), $"{{\"writer\":{i}}}", $"AROA{i}");
                    });
                    return true;
                }
                catch (ItemAlreadyExistsException)
                {
                    return false;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var outcomes = await Task.WhenAll(tasks);

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(1, Store.Count(Roles));
        var winner = Array.IndexOf(outcomes, true);
        Assert.Equal($"{{\"writer\":{winner}}}", Store.Get(RoleKey("ecstaskexecutionrole"))!.Document);
    }

    [Fact]
    public async Task Concurrent_plain_inserts_of_one_name_have_exactly_one_winner()
    {
        const int writers = 16;
        using var start = new Barrier(writers);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                try
                {
                    Store.Write(tx => tx.Insert(RoleKey("Shared"), i.ToString()));
                    return true;
                }
                catch (ItemAlreadyExistsException)
                {
                    return false;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var outcomes = await Task.WhenAll(tasks);

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_transactions_lose_no_update()
    {
        const int writers = 8;
        const int increments = 25;
        Store.Write(tx => tx.Insert(RoleKey("counter"), "0"));

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < increments; i++)
            {
                Store.Write(tx =>
                {
                    var item = tx.Get(RoleKey("counter"))!;
                    tx.Update(item.Key, (int.Parse(item.Document) + 1).ToString(), item.Version);
                });
                _ = Store.Get(RoleKey("counter"));
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal((writers * increments).ToString(), Store.Get(RoleKey("counter"))!.Document);
    }

    [Fact]
    public async Task Readers_never_see_half_of_a_transaction()
    {
        const int rounds = 200;
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("left"), "0");
            tx.Insert(RoleKey("right"), "0");
        });

        using var stop = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            var checks = 0;
            while (!stop.IsCancellationRequested)
            {
                var (left, right) = Store.Read(r => (r.Get(RoleKey("left"))!.Document, r.Get(RoleKey("right"))!.Document));
                Assert.Equal(left, right);
                checks++;
                reading.Set();
            }

            return checks;
        });

        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 1; i <= rounds; i++)
        {
            var value = i.ToString();
            Store.Write(tx =>
            {
                tx.Put(RoleKey("left"), value);
                tx.Put(RoleKey("right"), value);
            });
        }

        await stop.CancelAsync();
        Assert.True(await reader > 0);
    }

    // ---- reads after writes (a backend may answer repeated reads from memory: they must never be stale) ----

    [Fact]
    public void Every_read_made_before_a_write_sees_the_write_after_it_commits()
    {
        var collection = RoleKey("x").Collection;
        Store.Write(tx => tx.Insert(RoleKey("cached"), "1", "alias-1"));

        // Read everything once (twice: a second read may be answered from memory).
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("1", Store.Get(RoleKey("cached"))!.Document);
            Assert.Null(Store.Get(RoleKey("absent")));
            Assert.Equal("cached", Store.GetByAlias(collection, "alias-1")!.Key.Name);
            Assert.Single(Store.List(new ListQuery(collection)).Items);
            Assert.Equal(1, Store.Count(collection));
        }

        Store.Write(tx =>
        {
            tx.Put(RoleKey("cached"), "2", "alias-2");
            tx.Insert(RoleKey("absent"), "3");
        });

        Assert.Equal("2", Store.Get(RoleKey("cached"))!.Document);
        Assert.Equal("3", Store.Get(RoleKey("absent"))!.Document);
        Assert.Null(Store.GetByAlias(collection, "alias-1"));
        Assert.Equal("cached", Store.GetByAlias(collection, "alias-2")!.Key.Name);
        Assert.Equal(2, Store.List(new ListQuery(collection)).Items.Count);
        Assert.Equal(2, Store.Count(collection));

        Store.Write(tx => tx.Delete(RoleKey("cached")));
        Assert.Null(Store.Get(RoleKey("cached")));
        Assert.Equal(1, Store.Count(collection));
    }

    [Fact]
    public void A_rolled_back_write_leaves_reads_answering_the_committed_state()
    {
        Store.Write(tx => tx.Insert(RoleKey("kept"), "1"));
        Assert.Equal("1", Store.Get(RoleKey("kept"))!.Document);

        Assert.Throws<InvalidOperationException>(() => Store.Write(tx =>
        {
            tx.Put(RoleKey("kept"), "2");
            throw new InvalidOperationException("abort");
        }));

        Assert.Equal("1", Store.Get(RoleKey("kept"))!.Document);
        Store.Write(tx => tx.Put(RoleKey("kept"), "3"));
        Assert.Equal("3", Store.Get(RoleKey("kept"))!.Document);
    }

    [Fact]
    public async Task An_alias_moved_between_items_in_one_transaction_is_never_missing_to_readers()
    {
        Store.Write(tx =>
        {
            tx.Insert(RoleKey("left"), "holds", "AROAMOVING");
            tx.Insert(RoleKey("right"), "waits");
        });

        using var stop = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            var checks = 0;
            while (!stop.IsCancellationRequested)
            {
                // Outside a snapshot a reader may see the alias on either item, but always on one of them.
                Assert.NotNull(Store.GetByAlias(Roles, "AROAMOVING"));
                checks++;
                reading.Set();
            }

            return checks;
        });

        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 300; i++)
        {
            var (from, to) = i % 2 == 0 ? ("left", "right") : ("right", "left");
            Store.Write(tx =>
            {
                tx.Put(RoleKey(from), "waits");
                tx.Put(RoleKey(to), "holds", "AROAMOVING");
            });
        }

        await stop.CancelAsync();
        Assert.True(await reader > 0);
        Assert.Equal("left", Store.GetByAlias(Roles, "AROAMOVING")!.Key.Name);
    }

    [Fact]
    public async Task Reads_racing_writes_end_on_the_last_committed_value()
    {
        Store.Write(tx => tx.Insert(RoleKey("counter"), "0"));
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var last = 0;
            while (!stop.IsCancellationRequested)
            {
                // Values only grow: a reader never goes back to an older value once it has seen a newer one.
                var seen = int.Parse(Store.Get(RoleKey("counter"))!.Document, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(seen >= last, $"read {seen} after {last}");
                last = seen;
            }
        })).ToArray();

        for (var i = 1; i <= 300; i++)
        {
            var value = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Store.Write(tx => tx.Put(RoleKey("counter"), value));
            Assert.Equal(value, Store.Get(RoleKey("counter"))!.Document);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal("300", Store.Get(RoleKey("counter"))!.Document);
    }
}
