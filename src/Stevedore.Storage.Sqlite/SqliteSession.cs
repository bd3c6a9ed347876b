using Microsoft.Data.Sqlite;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// One connection and its prepared statements. Not thread-safe: a session is used by one thread
/// at a time (the writer under the store's lock, a reader while rented from the pool).
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private const string Columns = "name, document, alias, version, created, updated, name_key";
    private const string InCollection = "account = $account AND region = $region AND kind = $kind";
    private const string ItemKey = InCollection + " AND name_key = $name_key";

    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection)
    {
        this.connection = connection;
    }

    public SqliteConnection Connection => connection;

    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    public StoredItem? Get(ResourceKey key)
    {
        var command = Command($"SELECT {Columns} FROM items WHERE {ItemKey}");
        BindKey(command, key);
        return ReadSingle(command, key.Collection);
    }

    public StoredItem? GetByAlias(CollectionKey collection, string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var command = Command($"SELECT {Columns} FROM items WHERE {InCollection} AND alias = $alias");
        BindCollection(command, collection);
        command.Parameters["$alias"].Value = alias;
        return ReadSingle(command, collection);
    }

    public ItemPage List(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ListQuery.MaxLimit);
        var collection = query.Collection;
        var after = query.Marker is null ? string.Empty : ListMarker.Decode(collection.Kind, query.Marker);
        var prefix = string.IsNullOrEmpty(query.NamePrefix) ? null : collection.Kind.NormalizeName(query.NamePrefix);
        var command = Command(prefix is null
            ? $"SELECT {Columns} FROM items WHERE {InCollection} AND name_key > $after ORDER BY name_key LIMIT $limit"
            : $"SELECT {Columns} FROM items WHERE {InCollection} AND name_key > $after AND name_key >= $low AND name_key < $high ORDER BY name_key LIMIT $limit");
        BindCollection(command, collection);
        command.Parameters["$after"].Value = after;
        command.Parameters["$limit"].Value = query.Limit + 1;
        if (prefix is not null)
        {
            BindPrefix(command, prefix);
        }

        var items = new List<StoredItem>(Math.Min(query.Limit, 64));
        string? lastKey = null;
        var more = false;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadItem(reader, collection));
                lastKey = reader.GetString(6);
            }
        }

        return new ItemPage(items, more ? ListMarker.Encode(collection.Kind, lastKey!) : null);
    }

    public long Count(CollectionKey collection, string? namePrefix)
    {
        var prefix = string.IsNullOrEmpty(namePrefix) ? null : collection.Kind.NormalizeName(namePrefix);
        var command = Command(prefix is null
            ? $"SELECT count(*) FROM items WHERE {InCollection}"
            : $"SELECT count(*) FROM items WHERE {InCollection} AND name_key >= $low AND name_key < $high");
        BindCollection(command, collection);
        if (prefix is not null)
        {
            BindPrefix(command, prefix);
        }

        return (long)command.ExecuteScalar()!;
    }

    public void InsertRow(ResourceKey key, string document, string? alias, long version, long created, long updated)
    {
        var command = Command(
            "INSERT INTO items (account, region, kind, name_key, name, alias, version, created, updated, document) " +
            "VALUES ($account, $region, $kind, $name_key, $name, $alias, $version, $created, $updated, $document)");
        BindKey(command, key);
        command.Parameters["$name"].Value = key.Name;
        command.Parameters["$alias"].Value = (object?)alias ?? DBNull.Value;
        command.Parameters["$version"].Value = version;
        command.Parameters["$created"].Value = created;
        command.Parameters["$updated"].Value = updated;
        command.Parameters["$document"].Value = document;
        command.ExecuteNonQuery();
    }

    public void ReplaceRow(ResourceKey key, string document, string? alias, long version, long updated)
    {
        var command = Command(
            "UPDATE items SET name = $name, alias = $alias, version = $version, updated = $updated, document = $document " +
            $"WHERE {ItemKey}");
        BindKey(command, key);
        command.Parameters["$name"].Value = key.Name;
        command.Parameters["$alias"].Value = (object?)alias ?? DBNull.Value;
        command.Parameters["$version"].Value = version;
        command.Parameters["$updated"].Value = updated;
        command.Parameters["$document"].Value = document;
        command.ExecuteNonQuery();
    }

    public void UpdateDocument(ResourceKey key, string document, long version, long updated)
    {
        var command = Command($"UPDATE items SET version = $version, updated = $updated, document = $document WHERE {ItemKey}");
        BindKey(command, key);
        command.Parameters["$version"].Value = version;
        command.Parameters["$updated"].Value = updated;
        command.Parameters["$document"].Value = document;
        command.ExecuteNonQuery();
    }

    public void DeleteRow(ResourceKey key)
    {
        var command = Command($"DELETE FROM items WHERE {ItemKey}");
        BindKey(command, key);
        command.ExecuteNonQuery();
    }

    public long ReadLastVersion() => (long)Command("SELECT value FROM meta WHERE key = 'last_version'").ExecuteScalar()!;

    public void WriteLastVersion(long version)
    {
        var command = Command("UPDATE meta SET value = $value WHERE key = 'last_version'");
        command.Parameters["$value"].Value = version;
        command.ExecuteNonQuery();
    }

    public long NextSequenceValue(string sequence)
    {
        var command = Command(
            "INSERT INTO sequences (name, value) VALUES ($name, 1) " +
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
        command.Parameters["$name"].Value = sequence;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        commands.Clear();
        connection.Dispose();
    }

    private static void BindCollection(SqliteCommand command, CollectionKey collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        command.Parameters["$account"].Value = collection.Account;
        command.Parameters["$region"].Value = collection.Region;
        command.Parameters["$kind"].Value = collection.Kind.Name;
    }

    private static void BindKey(SqliteCommand command, ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        command.Parameters["$account"].Value = key.Account;
        command.Parameters["$region"].Value = key.Region;
        command.Parameters["$kind"].Value = key.Kind.Name;
        command.Parameters["$name_key"].Value = key.NormalizedName;
    }

    /// <summary>
    /// Names starting with the prefix lie in [prefix, prefix + U+10FFFF) under SQLite's binary
    /// (UTF-8 byte) order, which keeps the index range scan bounded.
    /// </summary>
    private static void BindPrefix(SqliteCommand command, string normalizedPrefix)
    {
        command.Parameters["$low"].Value = normalizedPrefix;
        command.Parameters["$high"].Value = normalizedPrefix + "\U0010FFFF";
    }

    private static StoredItem? ReadSingle(SqliteCommand command, CollectionKey collection)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadItem(reader, collection) : null;
    }

    private static StoredItem ReadItem(SqliteDataReader reader, CollectionKey collection) => new(
        collection.Item(reader.GetString(0)),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero));

    /// <summary>The prepared command for this SQL text, created with its parameters on first use.</summary>
    private SqliteCommand Command(string sql)
    {
        if (commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in ParameterNames(sql))
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        commands[sql] = command;
        return command;
    }

    private static IEnumerable<string> ParameterNames(string sql)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '$')
            {
                continue;
            }

            var end = i + 1;
            while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            var name = sql[i..end];
            if (seen.Add(name))
            {
                yield return name;
            }

            i = end - 1;
        }
    }
}
