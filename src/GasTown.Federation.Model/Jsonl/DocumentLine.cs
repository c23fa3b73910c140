using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// One line of a <see cref="WorkUnitDocument"/>: a validated record not yet built (its id and bytes), a record built
/// from its bytes, a changed or new work unit (no bytes: written canonically), or a line that is not an issue record
/// (blank, malformed, or another bd export record type), kept verbatim.
/// </summary>
/// <remarks>
/// A validated line whose id has no escapes keeps the id as its place in the line, not as a string: loading a file
/// then allocates no object per line (100k id strings were most of what the garbage collector had to promote).
/// <see cref="Id"/> makes the string when asked; the load path's index works on <see cref="IdUtf8"/>.
/// </remarks>
internal readonly struct DocumentLine
{
    private readonly string? _id;
    private readonly int _idStart;
    private readonly int _idLength;

    private DocumentLine(string? id, WorkUnit? unit, ReadOnlyMemory<byte> original, JsonlLineEnding ending, bool isOriginal, int slot = -1, int idStart = 0, int idLength = 0)
    {
        Slot = slot;
        _id = id;
        _idStart = idStart;
        _idLength = idLength;
        Unit = unit;
        Original = original;
        Ending = ending;
        IsOriginal = isOriginal;
    }

    /// <summary>The record's id, or null for a line that is not an issue record (made from the line's bytes when it has no string yet).</summary>
    public string? Id => _id ?? (_idLength > 0 ? Encoding.UTF8.GetString(Original.Span.Slice(_idStart, _idLength)) : null);

    /// <summary>The id's UTF-8 bytes in the line when the record keeps no id string (empty otherwise: use <see cref="Id"/>).</summary>
    public ReadOnlySpan<byte> IdUtf8 => Original.Span.Slice(_idStart, _idLength);

    /// <summary>The id string when the line holds one (a changed unit, or an id with escapes), else null.</summary>
    public string? IdString => _id;

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
    public bool IsRecord => _id is not null || _idLength > 0;

    /// <summary>A validated record whose id is the string <paramref name="id"/> (an id written with escapes).</summary>
    public static DocumentLine Validated(string id, ReadOnlyMemory<byte> original, JsonlLineEnding ending, int slot) => new(id, null, original, ending, true, slot);

    /// <summary>A validated record whose id is the unescaped bytes at <paramref name="idStart"/> in the line.</summary>
    public static DocumentLine Validated(int idStart, int idLength, ReadOnlyMemory<byte> original, JsonlLineEnding ending, int slot)
        => new(null, null, original, ending, true, slot, idStart, idLength);

    public static DocumentLine Raw(ReadOnlyMemory<byte> original, JsonlLineEnding ending) => new(null, null, original, ending, true);

    public static DocumentLine Changed(WorkUnit unit, JsonlLineEnding ending) => new(unit.Id, unit, default, ending, false);
}
