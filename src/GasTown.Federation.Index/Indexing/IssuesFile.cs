namespace GasTown.Federation.Index;

/// <summary>
/// One issues file of a chain as the indexer found it, before reading it: its path, and what identifies its content
/// (the git blob id of a remote; the size and write time of a local file, its content hash once read).
/// </summary>
internal sealed record IssuesFile(string Path, string? BlobId, long Size, string? Stamp);
