namespace GasTown.Federation.Index;

/// <summary>A unit row as it was before this pass: enough to skip an unchanged line and to say what changed.</summary>
internal sealed record OldUnit(long RowId, string UnitId, long Hash, string Status);
