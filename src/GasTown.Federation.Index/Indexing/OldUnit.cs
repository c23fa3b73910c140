namespace GasTown.Federation.Index;

/// <summary>A unit row as it was before this pass: enough to skip an unchanged line and to say what changed.</summary>
internal sealed record OldUnit(long RowId, string UnitId, long Hash, string Status)
{
    /// <summary>
    /// The hash of the line this pass last kept or wrote for this unit's id, or null while the pass has not met it: a
    /// later line of the same id with other bytes must then be parsed again (the last line of an id wins, as a load takes
    /// it), and a row the pass never met is deleted at its end.
    /// </summary>
    public long? Written { get; set; }
}
