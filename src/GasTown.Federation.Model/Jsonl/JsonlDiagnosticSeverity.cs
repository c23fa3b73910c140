namespace GasTown.Federation.Model;

/// <summary>How bad a <see cref="JsonlDiagnostic"/> is.</summary>
public enum JsonlDiagnosticSeverity
{
    /// <summary>The line was read, but something about it deserves attention (for example a duplicate id).</summary>
    Warning = 1,

    /// <summary>The line could not be read as a record; it is kept as raw bytes so that writing the file back does not lose it.</summary>
    Error = 2,
}
