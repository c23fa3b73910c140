namespace GasTown.Federation.Model;

/// <summary>
/// The work units of one loaded file, built from their validated lines on first access and shared by every document
/// derived from it (<see cref="WorkUnitDocument.With(WorkUnit)"/>…), so an instance read from any of them is
/// "untouched" in all of them. Thread-safe: a race builds a unit twice and the first one published wins.
/// </summary>
internal sealed class LazyUnits
{
    private readonly WorkUnit?[] _built;
    private readonly Lock _lock = new();
    private WorkUnitLineParser? _parser;

    public LazyUnits(int slots) => _built = slots == 0 ? [] : new WorkUnit?[slots];

    /// <summary>The unit of a record line: its changed unit, or the one built from its bytes.</summary>
    public WorkUnit Get(in DocumentLine line)
    {
        if (line.Unit is { } unit)
        {
            return unit;
        }

        if (Volatile.Read(ref _built[line.Slot]) is { } built)
        {
            return built;
        }

        WorkUnit made;
        lock (_lock)
        {
            // The parser pools strings and is not thread-safe; building is rare (once per line), so a lock is cheap.
            made = (_parser ??= new WorkUnitLineParser()).Materialize(line.Original, line.Id!);
        }

        return Interlocked.CompareExchange(ref _built[line.Slot], made, null) ?? made;
    }

    /// <summary>The unit of a record line if it exists already (never builds one).</summary>
    public WorkUnit? Peek(in DocumentLine line) => line.Unit ?? (line.Slot >= 0 ? Volatile.Read(ref _built[line.Slot]) : null);
}
