namespace GasTown.Federation.Model;

/// <summary>
/// Where an issues file's lines end, by one rule for every reader of it (a load, the streaming reader, the index's line
/// scanner, the dependency count a load and the index both judge by): a line ends at a line feed, and a carriage return
/// just before that line feed is not part of it (a checkout with <c>core.autocrlf</c>). A carriage return anywhere else
/// is content, and a last line without a line feed keeps its final byte whatever it is.
/// </summary>
internal static class JsonlLines
{
    /// <summary>
    /// How many bytes of <paramref name="line"/> (what comes before a line feed, or before the end of the data) are the
    /// line's content: all but a final carriage return when <paramref name="endsWithLineFeed"/>.
    /// </summary>
    public static int ContentLength(ReadOnlySpan<byte> line, bool endsWithLineFeed)
        => endsWithLineFeed && line.Length > 0 && line[^1] == (byte)'\r' ? line.Length - 1 : line.Length;
}
