namespace GasTown.Federation.Model;

/// <summary>
/// The files of one chain (a town, or a one-rig repository), wherever they live: a folder on disk
/// (<see cref="FolderChainSource"/>) or a git tree fetched from a remote (the GitTransport package).
/// </summary>
/// <remarks>
/// Paths are relative to the chain root and use <c>/</c> (<c>mayor/town.json</c>,
/// <c>gastown/mayor/rig/.beads/issues.jsonl</c>). Implementations must refuse a path that would
/// leave the chain (<c>..</c>, an absolute path, a symbolic link pointing outside) with a
/// <see cref="ChainPathException"/>: route paths come from data another person wrote.
/// </remarks>
public interface IChainSource
{
    /// <summary>Where the files come from, for messages: <c>"folder /tmp/town"</c> or <c>"remote acme at 1a2b3c4"</c>.</summary>
    string Description { get; }

    /// <summary>
    /// The commit id of a git snapshot, or null for a live folder whose content may change at any time.
    /// It must identify the content: <see cref="ChainLoader"/> loads one revision once and answers later loads of it from its cache.
    /// </summary>
    string? Revision { get; }

    /// <summary>Reads one file of the chain.</summary>
    /// <param name="path">The path relative to the chain root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file, or null when the chain has no such file.</returns>
    /// <exception cref="ChainPathException">The path leaves the chain root.</exception>
    ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default);
}
