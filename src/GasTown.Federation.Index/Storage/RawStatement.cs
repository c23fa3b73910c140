using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GasTown.Federation.Index;

/// <summary>
/// One statement of the indexer's hot loops, driven through SQLitePCLRaw on the connection's own handle (so inside the
/// connection's open transaction): prepared once, bound by position, stepped, reset. Microsoft.Data.Sqlite's command
/// re-resolves every parameter by name and boxes every value on each execute, which cost more than SQLite's own work
/// for a 470-byte line; its reader makes a string of every text column it is asked for. Errors surface as <see cref="SqliteException"/>, as a command's would.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The index connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public RawStatement Bind(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
        return this;
    }

    /// <summary>Binds bytes as a BLOB; SQLite copies them, so the span may be reused after the step.</summary>
    public RawStatement BindBlob(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, value));
        return this;
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    public void Run()
    {
        try
        {
            Step(raw.SQLITE_DONE);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a statement that returns nothing; returns the rows it inserted, changed or deleted.</summary>
    public long RunCountingChanges()
    {
        try
        {
            Step(raw.SQLITE_DONE);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// Runs an <c>INSERT</c>; returns false, having written nothing, when the row's key is taken (a <c>UNIQUE</c> or
    /// <c>PRIMARY KEY</c> constraint: the caller then writes the row another way). Any other failure, another constraint's
    /// included, throws as <see cref="Run"/> does. <paramref name="rowId"/> is the new row's id.
    /// </summary>
    public bool TryInsert(out long rowId)
    {
        rowId = 0;
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_DONE)
            {
                // Read now, from the step that wrote it: the connection's last insert is this row's.
                rowId = raw.sqlite3_last_insert_rowid(_db);
                return true;
            }

            var extended = raw.sqlite3_extended_errcode(_db);
            if (extended is raw.SQLITE_CONSTRAINT_UNIQUE or raw.SQLITE_CONSTRAINT_PRIMARYKEY)
            {
                return false;
            }

            Check(rc);
            throw new SqliteException($"SQLite returned {rc} where {raw.SQLITE_DONE} was expected.", rc);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a statement whose first row's first column is an integer (an <c>INSERT … RETURNING id</c>).</summary>
    public long RunScalar()
    {
        try
        {
            Step(raw.SQLITE_ROW);
            var value = raw.sqlite3_column_int64(_statement, 0);
            while (raw.sqlite3_step(_statement) is var rc && rc != raw.SQLITE_DONE)
            {
                if (rc != raw.SQLITE_ROW)
                {
                    Check(rc);
                }
            }

            return value;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// Steps a query to its next row: true with a row to read through <see cref="Int64"/> and <see cref="Utf8"/> (valid
    /// until the next step), false at its end, the statement then reset to run again.
    /// </summary>
    public bool NextRow()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc == raw.SQLITE_OK ? raw.SQLITE_MISUSE : rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }

        return false;
    }

    /// <summary>Column <paramref name="column"/> of the current row as an integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Column <paramref name="column"/> of the current row as SQLite's own UTF-8 bytes (no string made): valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose() => _statement.Dispose();

    private void Step(int expected)
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc != expected)
        {
            Check(rc == raw.SQLITE_OK ? raw.SQLITE_MISUSE : rc);
            throw new SqliteException($"SQLite returned {rc} where {expected} was expected.", rc);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(FormattableString.Invariant($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'."), rc);
        }
    }
}
