namespace GasTown.Federation.Model;

/// <summary>One file read from an <see cref="IChainSource"/>.</summary>
/// <param name="Path">The path relative to the chain root, with <c>/</c> separators.</param>
/// <param name="Content">The raw bytes of the file.</param>
/// <param name="ContentId">
/// An id that changes whenever the content changes (the git blob id for a git tree), or null when
/// the source cannot tell. <see cref="ChainLoader"/> uses it as the key of its parsed-blob cache, so
/// a blob already parsed is never parsed again; a null id is always parsed.
/// </param>
public sealed record ChainFile(string Path, ReadOnlyMemory<byte> Content, string? ContentId);
