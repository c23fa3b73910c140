namespace GasTown.Federation.Model;

/// <summary>Options for reading a beads JSONL file.</summary>
public sealed class JsonlReadOptions
{
    /// <summary>The default <see cref="MaxLineLength"/>: 16 MiB.</summary>
    public const int DefaultMaxLineLength = 16 * 1024 * 1024;

    /// <summary>Shared default options.</summary>
    public static JsonlReadOptions Default { get; } = new();

    /// <summary>
    /// The longest line, in bytes without its line ending, that is parsed. A longer line is reported as
    /// <see cref="JsonlDiagnosticKind.LineTooLong"/> and skipped (a document still keeps its bytes).
    /// </summary>
    /// <value>The default value is 16 MiB. The longest line in real upstream data is under 8 KiB.</value>
    public int MaxLineLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            field = value;
        }
    } = DefaultMaxLineLength;

    /// <summary>
    /// Whether a loaded document keeps each work unit it builds from its line (the default), or only as long as someone
    /// holds it (a weak reference: the same instance while held, built again from its line after). For one pass over a
    /// big file whose units nobody keeps (the index's whole load of a chain, for what the load says of it), which then
    /// holds the file's bytes, not a hundred thousand built units. Reference identity (<see cref="WorkUnitDocument.IsSuperseded"/>,
    /// <see cref="WorkUnitDocument.TryGetOriginalLine"/>) holds either way: only an instance no one holds is built again.
    /// </summary>
    internal bool KeepBuiltUnits { get; init; } = true;
}
