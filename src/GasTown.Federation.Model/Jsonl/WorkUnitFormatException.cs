namespace GasTown.Federation.Model;

/// <summary>A line of beads JSON could not be read as a work unit.</summary>
public sealed class WorkUnitFormatException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public WorkUnitFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkUnitFormatException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public WorkUnitFormatException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception with what went wrong and where in the line.</summary>
    public WorkUnitFormatException(string message, JsonlDiagnosticKind kind, long bytePosition)
        : base(FederationErrorKind.InvalidInput, message)
    {
        Kind = kind;
        BytePosition = bytePosition;
    }

    /// <summary>What kind of problem it is.</summary>
    public JsonlDiagnosticKind Kind { get; } = JsonlDiagnosticKind.InvalidRecord;

    /// <summary>0-based byte position in the line where the problem was found, or -1 when unknown.</summary>
    public long BytePosition { get; } = -1;
}
