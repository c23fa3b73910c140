namespace GasTown.Federation.Model;

/// <summary>A problem found in one of a chain's files. Reported, never thrown (except identity and path escapes).</summary>
/// <param name="Path">The file, relative to the chain root, e.g. <c>gastown/mayor/rig/.beads/issues.jsonl</c>.</param>
/// <param name="LineNumber">The 1-based line, or 0 when the problem concerns the whole file.</param>
/// <param name="Message">What was wrong and what was done about it.</param>
/// <param name="Severity">How serious it is.</param>
public sealed record ChainDiagnostic(string Path, int LineNumber, string Message, ChainDiagnosticSeverity Severity)
{
    /// <inheritdoc />
    public override string ToString() => LineNumber > 0 ? $"{Path}:{LineNumber}: {Message}" : $"{Path}: {Message}";
}
