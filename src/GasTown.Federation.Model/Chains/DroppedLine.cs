namespace GasTown.Federation.Model;

/// <summary>A line of an issues file that holds no work unit a query can see, and why.</summary>
/// <param name="Path">The issues file, relative to the chain root.</param>
/// <param name="LineNumber">The 1-based line, or 0 when the reader does not know it (an id no URI can name, or one another rig holds, is found after parsing).</param>
/// <param name="Reason">Why it was dropped.</param>
/// <param name="Message">The reader's explanation.</param>
public sealed record DroppedLine(string Path, int LineNumber, DroppedLineReason Reason, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}:{LineNumber}: {Reason}: {Message}";
}
