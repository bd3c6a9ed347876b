using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Stevedore.Storage.Sqlite;

/// <summary>
/// The size cap of a database on SQLite's memdb VFS. memdb refuses writes past 1 GiB by default
/// (<c>SQLITE_MEMDB_DEFAULT_MAXSIZE</c>), answering SQLITE_FULL; an ephemeral server that runs for hours must not.
/// https://sqlite.org/c3ref/c_fcntl_begin_atomic_write.html (SQLITE_FCNTL_SIZE_LIMIT)
/// </summary>
internal static partial class MemdbSizeLimit
{
    private const int SqliteFcntlSizeLimit = 36;

    /// <summary>The cap Stevedore sets: memory, not the VFS, is the limit (like <c>:memory:</c>).</summary>
    public const long Unbounded = long.MaxValue / 2;

    /// <summary>Sets the cap of the connection's main database and returns the cap now in force.</summary>
    public static long Set(SqliteConnection connection, long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Control(connection, limit);
    }

    /// <summary>The cap now in force on the connection's main database.</summary>
    public static long Get(SqliteConnection connection) => Control(connection, -1);

    private static long Control(SqliteConnection connection, long value)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var result = FileControl(handle.DangerousGetHandle(), IntPtr.Zero, SqliteFcntlSizeLimit, ref value);
        if (result != 0)
        {
            throw new InvalidOperationException($"SQLITE_FCNTL_SIZE_LIMIT failed with SQLite result code {result}.");
        }

        return value;
    }

    // The same native library Microsoft.Data.Sqlite's bundle loads; a null schema name means "main".
    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static partial int FileControl(IntPtr database, IntPtr schema, int operation, ref long value);
}
