using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>What the transport reads out of libgit2's error messages, which carry no structured path.</summary>
internal static class LibGit2Messages
{
    /// <summary>
    /// The file an operating-system error is about, as libgit2 quotes it ("failed to create locked file '/…/config.lock':
    /// Permission denied"), or null when the message quotes no absolute path (ssh's "Permission denied (publickey)").
    /// </summary>
    public static string? QuotedPath(string message)
    {
        var open = message.IndexOf('\'', StringComparison.Ordinal);
        var close = open < 0 ? -1 : message.IndexOf('\'', open + 1);
        return close > open + 1 && Path.IsPathFullyQualified(message[(open + 1)..close]) ? message[(open + 1)..close] : null;
    }

    /// <summary>
    /// Whether <paramref name="message"/> is the file system refusing this process (no permission, a read-only mount), in
    /// the words libgit2 takes from the system: strerror's on Unix, FormatMessage's on Windows.
    /// </summary>
    public static bool IsRefusal(string message)
        => message.Contains("Permission denied", StringComparison.Ordinal)
           || message.Contains("Read-only file system", StringComparison.Ordinal)
           || message.Contains("Operation not permitted", StringComparison.Ordinal)
           || message.Contains("Access is denied", StringComparison.Ordinal)
           || message.Contains("The media is write protected", StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="message"/> is libgit2 failing to move a ref to an object its repository handle cannot find
    /// ("target OID for the reference doesn't exist on the repository"): after a fetch, the pack it received is not the one
    /// the handle has open under that name.
    /// </summary>
    public static bool IsMissingRefTarget(string message)
        => message.Contains("target OID for the reference doesn't exist", StringComparison.Ordinal);

    /// <summary>
    /// Runs a LibGit2Sharp call whose failure carries text from outside this process (a remote's error message, a URL):
    /// LibGit2Sharp makes libgit2's message the format string of its exception (<c>string.Format(message, category)</c>),
    /// so a message holding a brace, as a remote may send on purpose, throws <see cref="FormatException"/> instead, which no
    /// caller expects: a fetch of all remotes stopped at it, and a command ended as if it had a bug. It becomes the
    /// <see cref="LibGit2SharpException"/> it should have been, saying the message could not be read. A host's credentials
    /// provider that throws reaches here the same way: LibGit2Sharp catches it and hands its message to libgit2 as the
    /// error's text, so the message names that source too.
    /// </summary>
    public static void Run(Action call)
    {
        try
        {
            call();
        }
        catch (FormatException ex)
        {
            throw new LibGit2SharpException(
                "libgit2 failed with a message LibGit2Sharp could not format (it holds a '{' or '}': text the remote sent, the URL, or the message of an exception the credentials provider threw)", ex);
        }
    }

    /// <inheritdoc cref="Run(Action)"/>
    public static T Run<T>(Func<T> call)
    {
        var result = default(T)!;
        Run(() => { result = call(); });
        return result;
    }
}
