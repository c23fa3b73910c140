namespace GasTown.Federation.Model;

/// <summary>One entry of a work unit's <c>bonded_from</c>: <c>{"source_id","bond_type","bond_point"?}</c>.</summary>
/// <param name="SourceId">The work unit this one was bonded from.</param>
/// <param name="BondType">The kind of bond.</param>
/// <param name="BondPoint">Where the bond attaches; omitted when null or empty.</param>
public sealed record BondReference(string SourceId, string BondType, string? BondPoint = null);
