using Microsoft.Data.Sqlite;

namespace Stevedore.Storage.Sqlite;

/// <summary>Creates the schema and applies migrations in order, recording each in <c>schema_version</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>Migration n (1-based) brings the schema from version n-1 to version n. Append only.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE items (
            account  TEXT NOT NULL,
            region   TEXT NOT NULL,
            kind     TEXT NOT NULL,
            name_key TEXT NOT NULL,
            name     TEXT NOT NULL,
            alias    TEXT NULL,
            version  INTEGER NOT NULL,
            created  INTEGER NOT NULL,
            updated  INTEGER NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (account, region, kind, name_key)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX items_alias ON items (account, region, kind, alias) WHERE alias IS NOT NULL;
        CREATE TABLE sequences (
            name  TEXT NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE meta (
            key   TEXT NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('last_version', 0);
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    public static void Apply(SqliteConnection connection)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied INTEGER NOT NULL)");
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
            var version = Convert.ToInt32(select.ExecuteScalar());
            if (version > Migrations.Length)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {version}; this build knows versions up to {Migrations.Length}.");
            }

            for (var next = version + 1; next <= Migrations.Length; next++)
            {
                Execute(connection, Migrations[next - 1]);
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (version, applied) VALUES ($v, $t)";
                record.Parameters.AddWithValue("$v", next);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
