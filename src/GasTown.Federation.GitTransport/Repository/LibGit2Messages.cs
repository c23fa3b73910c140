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

    /// <summary>Whether <paramref name="message"/> is the file system refusing this process (no permission, a read-only mount).</summary>
    public static bool IsRefusal(string message)
        => message.Contains("Permission denied", StringComparison.Ordinal)
           || message.Contains("Read-only file system", StringComparison.Ordinal)
           || message.Contains("Operation not permitted", StringComparison.Ordinal);
}
