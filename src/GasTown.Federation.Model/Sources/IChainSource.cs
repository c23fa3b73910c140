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
    /// It must identify the content: providers cache a loaded chain by revision (GitTransport per remote and commit).
    /// </summary>
    string? Revision { get; }

    /// <summary>Reads one file of the chain.</summary>
    /// <param name="path">The path relative to the chain root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file, or null when the chain has no such file.</returns>
    /// <exception cref="ChainPathException">The path leaves the chain root.</exception>
    /// <exception cref="ChainLimitExceededException">
    /// The file is larger than the source's own bound (a source of someone else's data has one: GitTransport's
    /// <c>GitTreeChainSource.MaxBytes</c>).
    /// </exception>
    ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one file of the chain unless it is larger than <paramref name="maxBytes"/>, in which case it throws
    /// <see cref="ChainLimitExceededException"/>. A source that can learn a file's size without reading it (a git tree
    /// asks the object database) checks before reading, so an oversize file costs no memory; this default
    /// implementation reads the file first, then checks.
    /// </summary>
    /// <param name="path">The path relative to the chain root, with <c>/</c> separators.</param>
    /// <param name="maxBytes">The largest size accepted (<see cref="ChainLimits.MaxBlobBytes"/>; for an issues file, no more than what is left of <see cref="ChainLimits.MaxIssuesBytes"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file, or null when the chain has no such file.</returns>
    /// <exception cref="ChainPathException">The path leaves the chain root.</exception>
    /// <exception cref="ChainLimitExceededException">The file is larger than <paramref name="maxBytes"/>.</exception>
    async ValueTask<ChainFile?> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        var file = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return file is not null && file.Content.Length > maxBytes
            ? throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, file.Content.Length, maxBytes, Description)
            : file;
    }

    /// <summary>
    /// The size in bytes of one file of the chain, learnt without reading it, so that <see cref="ChainLoader"/> can refuse a
    /// chain whose files together pass <see cref="ChainLimits.MaxIssuesBytes"/> before it reads any of them. A git tree
    /// asks the object database for the blob's header; this default implementation cannot tell without reading and
    /// returns null (the loader then checks each file as it reads it).
    /// </summary>
    /// <param name="path">The path relative to the chain root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The file's size; null when the chain has no such file or the source cannot tell without reading it.</returns>
    /// <exception cref="ChainPathException">The path leaves the chain root.</exception>
    ValueTask<long?> GetFileSizeAsync(string path, CancellationToken cancellationToken = default) => ValueTask.FromResult<long?>(null);
}
