namespace GasTown.Federation.Index;

/// <summary>Where one indexed work unit's line lives: the file (blob id for a remote, path for the local town), offset, length and hash.</summary>
internal sealed record UnitRow(string Uri, string Rig, bool IsLocal, string Path, string? BlobId, long Offset, long Length, long Hash);
