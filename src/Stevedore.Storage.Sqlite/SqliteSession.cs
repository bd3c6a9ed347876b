using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// One connection and its prepared statements (<see cref="SqliteStatement"/>, bound by position: <c>?1</c> account,
/// <c>?2</c> region, <c>?3</c> kind, <c>?4</c> name key, then each statement's own). Not thread-safe: a session is used
/// by one thread at a time (the writer under the store's lock, a reader while rented from the pool).
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private const string Columns = "name, document, alias, version, created, updated, name_key";
    private const string InCollection = "account = ?1 AND region = ?2 AND kind = ?3";
    private const string ItemKey = InCollection + " AND name_key = ?4";

    private readonly SqliteConnection connection;
    private readonly sqlite3 db;
    private readonly Dictionary<string, SqliteStatement> executed = new(StringComparer.Ordinal);
    private readonly SqliteStatement?[] prepared = new SqliteStatement?[Sql.Length];

    public SqliteSession(SqliteConnection connection)
    {
        this.connection = connection;
        db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
    }

    private enum Statement
    {
        Get,
        GetByAlias,
        List,
        ListWithPrefix,
        Count,
        CountWithPrefix,
        Insert,
        Replace,
        UpdateDocument,
        Delete,
        ReadLastVersion,
        WriteLastVersion,
        NextSequenceValue,
    }

    /// <summary>The SQL of each <see cref="Statement"/>, in its order.</summary>
    private static readonly string[] Sql =
    [
        $"SELECT {Columns} FROM items WHERE {ItemKey}",
        $"SELECT {Columns} FROM items WHERE {InCollection} AND alias = ?4",
        $"SELECT {Columns} FROM items WHERE {InCollection} AND name_key > ?4 ORDER BY name_key LIMIT ?5",
        $"SELECT {Columns} FROM items WHERE {InCollection} AND name_key > ?4 AND name_key >= ?5 AND name_key < ?6 ORDER BY name_key LIMIT ?7",
        $"SELECT count(*) FROM items WHERE {InCollection}",
        $"SELECT count(*) FROM items WHERE {InCollection} AND name_key >= ?4 AND name_key < ?5",
        "INSERT INTO items (account, region, kind, name_key, name, alias, version, created, updated, document) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        $"UPDATE items SET name = ?5, alias = ?6, version = ?7, updated = ?8, document = ?9 WHERE {ItemKey}",
        $"UPDATE items SET version = ?5, updated = ?6, document = ?7 WHERE {ItemKey}",
        $"DELETE FROM items WHERE {ItemKey}",
        "SELECT value FROM meta WHERE key = 'last_version'",
        "UPDATE meta SET value = ?1 WHERE key = 'last_version'",
        "INSERT INTO sequences (name, value) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
    ];

    public SqliteConnection Connection => connection;

    /// <summary>Runs a statement without parameters (<c>BEGIN</c>, <c>COMMIT</c> …), prepared once per text.</summary>
    public void Execute(string sql)
    {
        if (!executed.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(db, sql);
            executed[sql] = statement;
        }

        statement.Run();
    }

    public StoredItem? Get(ResourceKey key) => ReadSingle(Key(Statement.Get, key), key.Collection);

    public StoredItem? GetByAlias(CollectionKey collection, string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return ReadSingle(In(Statement.GetByAlias, collection).Bind(4, alias), collection);
    }

    public ItemPage List(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ListQuery.MaxLimit);
        var collection = query.Collection;
        var after = query.Marker is null ? string.Empty : ListMarker.Decode(collection.Kind, query.Marker);
        var prefix = string.IsNullOrEmpty(query.NamePrefix) ? null : collection.Kind.NormalizeName(query.NamePrefix);
        var statement = prefix is null
            ? In(Statement.List, collection).Bind(4, after).Bind(5, query.Limit + 1)
            : Prefix(In(Statement.ListWithPrefix, collection).Bind(4, after), 5, prefix).Bind(7, query.Limit + 1);

        var items = new List<StoredItem>(Math.Min(query.Limit, 64));
        string? lastKey = null;
        var more = false;
        try
        {
            while (statement.Step())
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadItem(statement, collection));
                lastKey = statement.Text(6);
            }
        }
        finally
        {
            statement.Reset();
        }

        return new ItemPage(items, more ? ListMarker.Encode(collection.Kind, lastKey!) : null);
    }

    public long Count(CollectionKey collection, string? namePrefix)
    {
        var prefix = string.IsNullOrEmpty(namePrefix) ? null : collection.Kind.NormalizeName(namePrefix);
        var statement = prefix is null
            ? In(Statement.Count, collection)
            : Prefix(In(Statement.CountWithPrefix, collection), 4, prefix);
        return ScalarInt64(statement);
    }

    public void InsertRow(ResourceKey key, string document, string? alias, long version, long created, long updated) =>
        Key(Statement.Insert, key).Bind(5, key.Name).Bind(6, alias).Bind(7, version).Bind(8, created).Bind(9, updated)
            .Bind(10, document).Run();

    public void ReplaceRow(ResourceKey key, string document, string? alias, long version, long updated) =>
        Key(Statement.Replace, key).Bind(5, key.Name).Bind(6, alias).Bind(7, version).Bind(8, updated).Bind(9, document).Run();

    public void UpdateDocument(ResourceKey key, string document, long version, long updated) =>
        Key(Statement.UpdateDocument, key).Bind(5, version).Bind(6, updated).Bind(7, document).Run();

    public void DeleteRow(ResourceKey key) => Key(Statement.Delete, key).Run();

    public long ReadLastVersion() => ScalarInt64(Prepared(Statement.ReadLastVersion));

    public void WriteLastVersion(long version) => Prepared(Statement.WriteLastVersion).Bind(1, version).Run();

    public long NextSequenceValue(string sequence) => ScalarInt64(Prepared(Statement.NextSequenceValue).Bind(1, sequence));

    public void Dispose()
    {
        foreach (var statement in prepared)
        {
            statement?.Dispose();
        }

        foreach (var statement in executed.Values)
        {
            statement.Dispose();
        }

        Array.Clear(prepared);
        executed.Clear();
        connection.Dispose();
    }

    private SqliteStatement Prepared(Statement which) =>
        prepared[(int)which] ??= new SqliteStatement(db, Sql[(int)which]);

    private SqliteStatement In(Statement which, CollectionKey collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return Prepared(which).Bind(1, collection.Account).Bind(2, collection.Region).Bind(3, collection.Kind.Name);
    }

    private SqliteStatement Key(Statement which, ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Prepared(which).Bind(1, key.Account).Bind(2, key.Region).Bind(3, key.Kind.Name).Bind(4, key.NormalizedName);
    }

    /// <summary>
    /// Names starting with the prefix lie in [prefix, prefix + U+10FFFF) under SQLite's binary
    /// (UTF-8 byte) order, which keeps the index range scan bounded.
    /// </summary>
    private static SqliteStatement Prefix(SqliteStatement statement, int first, string normalizedPrefix) =>
        statement.Bind(first, normalizedPrefix).Bind(first + 1, normalizedPrefix + "\U0010FFFF");

    private static long ScalarInt64(SqliteStatement statement)
    {
        try
        {
            return statement.Step() ? statement.Int64(0) : throw new InvalidOperationException("The statement returned no row.");
        }
        finally
        {
            statement.Reset();
        }
    }

    private static StoredItem? ReadSingle(SqliteStatement statement, CollectionKey collection)
    {
        try
        {
            return statement.Step() ? ReadItem(statement, collection) : null;
        }
        finally
        {
            statement.Reset();
        }
    }

    private static StoredItem ReadItem(SqliteStatement row, CollectionKey collection) => new(
        collection.Item(row.Text(0)),
        row.Text(1),
        row.IsNull(2) ? null : row.Text(2),
        row.Int64(3),
        new DateTimeOffset(row.Int64(4), TimeSpan.Zero),
        new DateTimeOffset(row.Int64(5), TimeSpan.Zero));
}
