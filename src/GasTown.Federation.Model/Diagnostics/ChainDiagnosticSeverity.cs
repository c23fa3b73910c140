namespace GasTown.Federation.Model;

/// <summary>How serious a problem found while reading a chain's files is.</summary>
public enum ChainDiagnosticSeverity
{
    /// <summary>Worth knowing, nothing was lost (for example a rig whose issues file is not published).</summary>
    Info = 0,

    /// <summary>Something was skipped or guessed (a comment-like or duplicate line, a default taken).</summary>
    Warning = 1,

    /// <summary>Data could not be read and was left out (a malformed line, a missing required field).</summary>
    Error = 2,
}
