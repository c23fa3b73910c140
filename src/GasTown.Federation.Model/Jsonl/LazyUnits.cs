namespace GasTown.Federation.Model;

/// <summary>
/// The work units of one loaded file, built from their validated lines on first access and shared by every document
/// derived from it (<see cref="WorkUnitDocument.With(WorkUnit)"/>…), so an instance read from any of them is
/// "untouched" in all of them. Thread-safe: kept, a race builds a unit twice and the first one published wins; held weakly,
/// a unit is looked up and built under the lock, so two threads never hold two instances of one line.
/// </summary>
/// <remarks>
/// Built units are kept, or (<see cref="JsonlReadOptions.KeepBuiltUnits"/> false) held weakly: an instance is the same
/// while anyone holds it, which is all reference identity can observe, and is built again from its line once no one does.
/// </remarks>
internal sealed class LazyUnits
{
    private readonly WorkUnit?[]? _built;
    private readonly WeakReference<WorkUnit>?[]? _weak;
    private readonly Lock _lock = new();
    private WorkUnitLineParser? _parser;

    public LazyUnits(int slots, bool keep = true)
    {
        if (keep)
        {
            _built = slots == 0 ? [] : new WorkUnit?[slots];
        }
        else
        {
            _weak = slots == 0 ? [] : new WeakReference<WorkUnit>?[slots];
        }
    }

    /// <summary>The unit of a record line: its changed unit, or the one built from its bytes.</summary>
    public WorkUnit Get(in DocumentLine line)
    {
        if (line.Unit is { } unit)
        {
            return unit;
        }

        if (_built is null)
        {
            return GetWeak(line);
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
    public WorkUnit? Peek(in DocumentLine line)
    {
        if (line.Unit is { } unit)
        {
            return unit;
        }

        if (line.Slot < 0)
        {
            return null;
        }

        if (_built is not null)
        {
            return Volatile.Read(ref _built[line.Slot]);
        }

        lock (_lock)
        {
            return _weak![line.Slot] is { } weak && weak.TryGetTarget(out var held) ? held : null;
        }
    }

    // Looked up and built under the lock, so two threads never hold different instances of one line.
    private WorkUnit GetWeak(in DocumentLine line)
    {
        lock (_lock)
        {
            ref var slot = ref _weak![line.Slot];
            if (slot is not null && slot.TryGetTarget(out var held))
            {
                return held;
            }

            var made = (_parser ??= new WorkUnitLineParser()).Materialize(line.Original, line.Id!);
            if (slot is null)
            {
                slot = new WeakReference<WorkUnit>(made);
            }
            else
            {
                slot.SetTarget(made);
            }

            return made;
        }
    }
}
