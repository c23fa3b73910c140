namespace GasTown.Federation.Model;

/// <summary>
/// Text from other people's files made safe to put in a message: control characters (a NUL, an ESC that starts a
/// terminal sequence, a CR that forges a line) become '?', and long text is cut, so a hostile file can neither
/// garble a terminal or log line nor turn into a huge message.
/// </summary>
internal static class MessageText
{
    /// <summary>The most characters of quoted input a message carries.</summary>
    public const int MaxQuoted = 64;

    /// <summary><paramref name="text"/> with control characters as '?' and cut after <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max = MaxQuoted)
    {
        var length = Math.Min(text.Length, max);
        var printable = string.Create(length, text, static (span, t) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(t[i]) ? '?' : t[i];
            }
        });
        return text.Length > max ? printable + "…" : printable;
    }
}
