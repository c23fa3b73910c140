namespace GasTown.Federation.Model;

/// <summary>
/// One line of a <see cref="WorkUnitDocument"/>: a validated record not yet built (its id and bytes), a record built
/// from its bytes, a changed or new work unit (no bytes: written canonically), or a line that is not an issue record
/// (blank, malformed, or another bd export record type), kept verbatim.
/// </summary>
internal readonly struct DocumentLine
{
    private DocumentLine(string? id, WorkUnit? unit, ReadOnlyMemory<byte> original, JsonlLineEnding ending, bool isOriginal, int slot = -1)
    {
        Slot = slot;
        Id = id;
        Unit = unit;
        Original = original;
        Ending = ending;
        IsOriginal = isOriginal;
    }

    /// <summary>The record's id, or null for a line that is not an issue record.</summary>
    public string? Id { get; }

    /// <summary>The built work unit, or null (not an issue record, or not built yet: see <see cref="WorkUnitDocument"/>).</summary>
    public WorkUnit? Unit { get; }

    /// <summary>The line's bytes as read, without the line ending.</summary>
    public ReadOnlyMemory<byte> Original { get; }

    public JsonlLineEnding Ending { get; }

    /// <summary>True when the line's <see cref="Original"/> bytes are written back (the record was not changed).</summary>
    public bool IsOriginal { get; }

    /// <summary>Where a validated record's built unit is kept (<see cref="LazyUnits"/>); -1 for other lines.</summary>
    public int Slot { get; }

    /// <summary>True for an issue record.</summary>
    public bool IsRecord => Id is not null;

    public static DocumentLine Validated(string id, ReadOnlyMemory<byte> original, JsonlLineEnding ending, int slot) => new(id, null, original, ending, true, slot);

    public static DocumentLine Raw(ReadOnlyMemory<byte> original, JsonlLineEnding ending) => new(null, null, original, ending, true);

    public static DocumentLine Changed(WorkUnit unit, JsonlLineEnding ending) => new(unit.Id, unit, default, ending, false);
}
