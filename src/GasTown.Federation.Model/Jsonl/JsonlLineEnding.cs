namespace GasTown.Federation.Model;

/// <summary>How a line of a document ended in the file, so an untouched line is written back the same way.</summary>
internal enum JsonlLineEnding : byte
{
    /// <summary>The last line of a file without a final line feed.</summary>
    None = 0,

    /// <summary><c>\n</c>, what upstream writes.</summary>
    Lf = 1,

    /// <summary><c>\r\n</c>, for example after a checkout with <c>core.autocrlf</c>.</summary>
    CrLf = 2,
}
