using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// One prepared statement on a connection's native handle, bound by position (<c>?1</c>, <c>?2</c> …) and stepped
/// directly. Microsoft.Data.Sqlite's command layer looks each parameter up by name, copies every string into a new
/// UTF-8 array and builds a reader per execution; on the store's hot path (a PutLogEvents is ten statements under the
/// write lock) that was most of the store's time, SQLite's own work a sixth of it.
/// <para>Not thread-safe, like its session. Every use ends with <see cref="Reset"/> (in a <c>finally</c>): a read
/// statement left stepping would keep its read transaction open.</para>
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE

    private readonly sqlite3 db;
    private readonly sqlite3_stmt handle;

    public SqliteStatement(sqlite3 db, string sql)
    {
        this.db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out handle));
    }

    /// <summary>Binds text; SQLite converts it to the database's encoding as it binds (so comparisons are UTF-8 binary).</summary>
    public SqliteStatement Bind(int index, string? value)
    {
        // An empty span pins as a null pointer, which SQLite would bind as NULL: "" goes through the terminated-string form.
        Check(value switch
        {
            null => raw.sqlite3_bind_null(handle, index),
            "" => raw.sqlite3_bind_text(handle, index, string.Empty),
            _ => raw.sqlite3_bind_text16(handle, index, value.AsSpan()),
        });
        return this;
    }

    public SqliteStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(handle, index, value));
        return this;
    }

    /// <summary>Steps once: true when a row is ready, false when the statement is done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(handle);
        if (rc == Row)
        {
            return true;
        }

        if (rc != Done)
        {
            Check(rc);
        }

        return false;
    }

    /// <summary>Runs a statement that returns no rows (or whose rows are not wanted) and resets it.</summary>
    public void Run()
    {
        try
        {
            Step();
        }
        finally
        {
            Reset();
        }
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(handle, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(handle, column);

    /// <summary>A text column: its UTF-8 bytes as SQLite holds them (a TEXT value's blob view is not converted).</summary>
    public string Text(int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(handle, column));

    /// <summary>Ends the execution (releasing what it holds) and clears the bindings.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(handle); // returns the last step's error again, already reported
        raw.sqlite3_clear_bindings(handle);
    }

    public void Dispose() => handle.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
