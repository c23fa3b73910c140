namespace GasTown.Federation.Model;

/// <summary>
/// One line of a <see cref="WorkUnitDocument"/>: a work unit with the bytes it was read from, a changed or new
/// work unit (no bytes: written canonically), or a line that is not a record (blank or malformed), kept verbatim.
/// </summary>
internal readonly struct DocumentLine
{
    private DocumentLine(WorkUnit? unit, ReadOnlyMemory<byte> original, JsonlLineEnding ending, bool isOriginal)
    {
        Unit = unit;
        Original = original;
        Ending = ending;
        IsOriginal = isOriginal;
    }

    /// <summary>The work unit, or null for a line that is not a record.</summary>
    public WorkUnit? Unit { get; }

    /// <summary>The line's bytes as read, without the line ending.</summary>
    public ReadOnlyMemory<byte> Original { get; }

    public JsonlLineEnding Ending { get; }

    /// <summary>True when <see cref="Unit"/> is the instance read from <see cref="Original"/>, so those bytes are written back.</summary>
    public bool IsOriginal { get; }

    public static DocumentLine Read(WorkUnit unit, ReadOnlyMemory<byte> original, JsonlLineEnding ending) => new(unit, original, ending, true);

    public static DocumentLine Raw(ReadOnlyMemory<byte> original, JsonlLineEnding ending) => new(null, original, ending, true);

    public static DocumentLine Changed(WorkUnit unit, JsonlLineEnding ending) => new(unit, default, ending, false);
}
