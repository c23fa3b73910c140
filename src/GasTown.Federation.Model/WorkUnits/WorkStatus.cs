namespace GasTown.Federation.Model;

/// <summary>The status of a work unit (beads <c>status</c>).</summary>
/// <remarks>An open set: values this SDK does not know are kept and written back unchanged. Comparison is ordinal.</remarks>
public readonly record struct WorkStatus
{
    private readonly string? _value;

    /// <summary>Wraps a raw value as written in the file.</summary>
    /// <param name="value">The raw value; null is treated as empty.</param>
    public WorkStatus(string? value) => _value = string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The raw value as written in the file; empty when the key was absent.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is empty (the key was absent).</summary>
    public bool IsEmpty => _value is null;

    /// <summary><c>open</c>: Not started.</summary>
    public static WorkStatus Open { get; } = new("open");

    /// <summary><c>in_progress</c>: Being worked on.</summary>
    public static WorkStatus InProgress { get; } = new("in_progress");

    /// <summary><c>blocked</c>: Waiting on something.</summary>
    public static WorkStatus Blocked { get; } = new("blocked");

    /// <summary><c>deferred</c>: Put off until later.</summary>
    public static WorkStatus Deferred { get; } = new("deferred");

    /// <summary><c>closed</c>: Done (or abandoned; see the close reason).</summary>
    public static WorkStatus Closed { get; } = new("closed");

    /// <summary><c>tombstone</c>: Deleted; kept so deletions propagate. Removed upstream at HEAD.</summary>
    public static WorkStatus Tombstone { get; } = new("tombstone");

    /// <summary><c>pinned</c>: Pinned to an agent.</summary>
    public static WorkStatus Pinned { get; } = new("pinned");

    /// <summary><c>hooked</c>: Hooked by an agent.</summary>
    public static WorkStatus Hooked { get; } = new("hooked");

    /// <summary>True for <see cref="Closed"/> and <see cref="Tombstone"/>: the unit no longer blocks anything.</summary>
    public bool IsClosed => this == Closed || this == Tombstone;

    /// <summary>The well-known values, in upstream's declaration order.</summary>
    public static IReadOnlyList<WorkStatus> KnownValues { get; } = [Open, InProgress, Blocked, Deferred, Closed, Tombstone, Pinned, Hooked];

    /// <summary>True when <see cref="Value"/> is one of <see cref="KnownValues"/>.</summary>
    public bool IsKnown => KnownValues.Contains(this);

    /// <summary>Returns the interned well-known instance for UTF-8 bytes when there is one (saves a string per record).</summary>
    internal static WorkStatus FromUtf8(ReadOnlySpan<byte> utf8)
    {
        switch (utf8.Length)
        {
            case 4:
                if (utf8.SequenceEqual("open"u8))
                {
                    return Open;
                }

                break;
            case 6:
                if (utf8.SequenceEqual("closed"u8))
                {
                    return Closed;
                }

                if (utf8.SequenceEqual("pinned"u8))
                {
                    return Pinned;
                }

                if (utf8.SequenceEqual("hooked"u8))
                {
                    return Hooked;
                }

                break;
            case 7:
                if (utf8.SequenceEqual("blocked"u8))
                {
                    return Blocked;
                }

                break;
            case 8:
                if (utf8.SequenceEqual("deferred"u8))
                {
                    return Deferred;
                }

                break;
            case 9:
                if (utf8.SequenceEqual("tombstone"u8))
                {
                    return Tombstone;
                }

                break;
            case 11:
                if (utf8.SequenceEqual("in_progress"u8))
                {
                    return InProgress;
                }

                break;
        }

        return new WorkStatus(System.Text.Encoding.UTF8.GetString(utf8));
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
