namespace GasTown.Federation.Model;

/// <summary>A problem on one line of a JSONL file (routes.jsonl, relationships.jsonl), reported instead of thrown.</summary>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="Message">What was wrong and what was done about it.</param>
/// <param name="Severity">How serious it is.</param>
public sealed record LineDiagnostic(int LineNumber, string Message, ChainDiagnosticSeverity Severity)
{
    /// <summary>Whether the line was refused because a path in it would leave the chain (a security problem, not a typo).</summary>
    public bool IsPathEscape => RefusedPath is not null;

    /// <summary>The path that was refused because it would leave the chain, or null for any other problem.</summary>
    public string? RefusedPath { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Message}";
}
