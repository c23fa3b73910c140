namespace GasTown.Federation.Model;

/// <summary>A problem found on one line of a JSONL file. The rest of the file is still read.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="ByteOffset">0-based byte offset of the start of the line in the file (after any BOM, counted in).</param>
/// <param name="Message">What was wrong, where in the line, and what to do about it.</param>
public sealed record JsonlDiagnostic(int LineNumber, long ByteOffset, string Message)
{
    /// <summary>What kind of problem it is.</summary>
    public JsonlDiagnosticKind Kind { get; init; } = JsonlDiagnosticKind.InvalidJson;

    /// <summary>Whether the line was read anyway (<see cref="JsonlDiagnosticSeverity.Warning"/>) or kept only as raw bytes.</summary>
    public JsonlDiagnosticSeverity Severity { get; init; } = JsonlDiagnosticSeverity.Error;

    /// <summary>
    /// For a <see cref="JsonlDiagnosticKind.DuplicateId"/>, the 1-based number of the earlier line of the same id, which
    /// answers leave out (the last line is read); 0 otherwise.
    /// </summary>
    internal int EarlierLineNumber { get; init; }

    /// <summary>Formats as <c>line N (byte B): message</c>.</summary>
    public override string ToString() => $"line {LineNumber} (byte {ByteOffset}): {Message}";
}
