namespace GasTown.Federation.Model;

/// <summary>
/// A path read from a chain's data (a route in <c>.beads/routes.jsonl</c>, or a file asked of an
/// <see cref="IChainSource"/>) would leave the chain root: <c>..</c>, an absolute path, a backslash,
/// a NUL character, or a symbolic link that points outside. Such a chain is refused, never read in part,
/// because another person's data must not make the SDK read files elsewhere on this machine.
/// </summary>
public sealed class ChainPathException : ChainException
{
    /// <summary>Creates the exception for <paramref name="path"/>, refused for <paramref name="reason"/>.</summary>
    /// <param name="path">The refused path, as given.</param>
    /// <param name="reason">Why it was refused, e.g. "it climbs out of the chain with '..'".</param>
    /// <param name="source">Where the path came from (a file and line), or null.</param>
    public ChainPathException(string path, string reason, string? source = null)
        : base(BuildMessage(path, reason, source))
    {
        Path = path;
        Reason = reason;
        PathSource = source;
    }

    /// <summary>The refused path, as given.</summary>
    public string Path { get; }

    /// <summary>Why the path was refused.</summary>
    public string Reason { get; }

    /// <summary>Where the path came from (for example <c>.beads/routes.jsonl line 3</c>), or null.</summary>
    public string? PathSource { get; }

    private static string BuildMessage(string path, string reason, string? source)
    {
        var where = source is null ? string.Empty : $" (from {source})";
        return $"The path '{Escape(path)}'{where} was refused: {reason}. Paths in a chain are relative to its root, use '/' and never leave it; fix or remove the offending entry.";
    }

    // A NUL or control character would garble a terminal or a log line.
    private static string Escape(string path) => MessageText.Printable(path, int.MaxValue);
}
