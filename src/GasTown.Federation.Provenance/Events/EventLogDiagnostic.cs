namespace GasTown.Federation.Provenance;

/// <summary>Something a reader skipped or noticed, with where it was.</summary>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="ByteOffset">The byte offset of the line's start in the file (or buffer).</param>
/// <param name="Kind">What was found.</param>
/// <param name="Message">What was wrong, for a person.</param>
public sealed record EventLogDiagnostic(int LineNumber, long ByteOffset, EventLogDiagnosticKind Kind, string Message)
{
    /// <summary><c>line N: message</c>.</summary>
    public override string ToString() => $"line {LineNumber} (byte {ByteOffset}): {Kind}: {Message}";
}
