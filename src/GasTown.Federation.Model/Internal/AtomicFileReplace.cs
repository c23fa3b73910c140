namespace GasTown.Federation.Model;

/// <summary>
/// Replaces a file atomically: the bytes go to a temp file in the same folder, are flushed to disk,
/// and the temp file is renamed over the target. A reader sees the old file or the new one, never half
/// of one (upstream's gt truncated routes.jsonl in place at the design date, which could lose it).
/// Every file the model saves goes through here, so this is the one place that creates missing folders
/// (a new rig's <c>.beads/</c>, a new town's <c>mayor/</c>), decides the saved file's mode, and refuses to save over a
/// symbolic link.
/// </summary>
internal static class AtomicFileReplace
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, creating its parent folders.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="cancellationToken">Cancels the write; the target is untouched when it does.</param>
    public static ValueTask WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        => WriteAsync(path, content, newFileMode: null, cancellationToken);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, creating its parent folders.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="newFileMode">
    /// On Unix, the mode of a file that did not exist yet (null: the process default). A replaced file
    /// keeps its mode either way, since the rename would otherwise reset what the user chose.
    /// </param>
    /// <param name="cancellationToken">Cancels the write; the target is untouched when it does.</param>
    public static async ValueTask WriteAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode? newFileMode, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);

        // The rename replaces a symbolic link, not the file it names: reads would go on following the link to the old
        // file while the new one sat beside it, and neither would say so. A link is refused instead, before anything
        // is written. (Links to the folders on the way are followed, as reads follow them.)
        if (new FileInfo(fullPath).LinkTarget is { } target)
        {
            throw new IOException($"'{fullPath}' is a symbolic link (to '{target}'), and files are saved by replacing them, which would cut the link and leave '{target}' as it was. Nothing was written. Put the file itself where the link is (or point the route at the real folder), then try again.");
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}-{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.Exists(fullPath) ? File.GetUnixFileMode(fullPath) : newFileMode;
                if (mode is { } unixMode)
                {
                    options.UnixCreateMode = unixMode;
                }
            }

            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
