namespace GasTown.Federation.Index;

/// <summary>One indexed work unit as a query reads it: its URI and rig, and its exact upstream line with the hash stored beside it.</summary>
internal sealed record UnitRow(string Uri, string Rig, byte[] Line, long Hash)
{
    /// <summary>The unit's row in the index (the full-text index's row too): where a search page continues from.</summary>
    public long RowId { get; init; }
}
