using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The statements one read transaction runs again and again, each compiled once: SQLite parses and plans a statement in
/// tens of microseconds, and a ready page or a walk runs the same few (a unit's row, its dependencies, the claims about
/// it) for every unit it reaches. A command is kept by its SQL text with its parameters <c>$p0</c>, <c>$p1</c>, … set anew
/// on each call (the parameters of <see cref="IndexDatabase.Command"/>).
/// </summary>
/// <remarks>
/// A command handed out stays this cache's: the caller disposes the reader it opens, never the command. Only statements
/// whose reader is read to its end before the next call with the same text belong here: a command cannot run again while
/// its reader is open (Microsoft.Data.Sqlite refuses it), so a streamed query keeps <see cref="IndexDatabase.Command"/>.
/// </remarks>
internal sealed class PreparedStatements(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken = default) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, its parameters set to <paramref name="values"/>.</summary>
    /// <exception cref="OperationCanceledException">The read's token is cancelled: no statement starts after it.</exception>
    public SqliteCommand For(string sql, params object?[] values)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = IndexDatabase.Command(connection, transaction, sql, values);
            _commands.Add(sql, command);
            return command;
        }

        var parameters = command.Parameters;
        if (parameters.Count != values.Length)
        {
            throw new ArgumentException($"The statement takes {parameters.Count} values, not {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>Finalises every kept statement.</summary>
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
