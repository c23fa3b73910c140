namespace GasTown.Federation.Model;

/// <summary>One line read by a streaming JSONL reader: either a value or a diagnostic saying why there is none.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="ByteOffset">0-based byte offset of the line in the stream.</param>
/// <param name="Value">The record, or null when the line could not be read.</param>
/// <param name="Diagnostic">Why the line could not be read (or a warning about a line that was read); null when all is well.</param>
public readonly record struct JsonlRecord<T>(int LineNumber, long ByteOffset, T? Value, JsonlDiagnostic? Diagnostic)
    where T : class
{
    /// <summary>True when <see cref="Value"/> is not null.</summary>
    public bool HasValue => Value is not null;
}
