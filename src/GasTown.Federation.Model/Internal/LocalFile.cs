namespace GasTown.Federation.Model;

/// <summary>
/// The one way the SDK opens a file of the local town (or any path a host names) for reading: as .NET would, except
/// that what is not a regular file and not a folder (a FIFO, a socket, a device) is refused with an
/// <see cref="IOException"/> before it is opened. .NET's open of a FIFO waits for a writer, for ever, and cannot be told
/// not to (it takes no <c>O_NONBLOCK</c>); a query must never hang on a pipe someone left where a file was.
/// </summary>
/// <remarks>
/// The type is checked by path (<c>statx(2)</c>) just before the open, so a FIFO swapped in between the two could still
/// be waited on: only someone who can already write the town's folder could do that. The publisher, which decides what
/// is public, reads through its own descriptor instead (<c>TownFileReader</c>). Missing files, folders and denied
/// permissions throw what .NET throws, as before. Off 64-bit Linux, and on a C library without <c>statx</c> (glibc
/// before 2.28, musl before 1.2.5), the check is skipped and .NET opens the path as it always did.
/// </remarks>
internal static class LocalFile
{
    /// <summary>Throws an <see cref="IOException"/> when <paramref name="path"/> names something other than a regular file or a folder.</summary>
    public static void ThrowIfSpecial(string path)
    {
        if (IsSpecial(path))
        {
            throw new IOException($"'{path}' is not a regular file (it is a pipe, a socket or a device), so it was not opened: reading or writing it could wait for ever. Replace it with the file itself.");
        }
    }

    private static bool IsSpecial(string path)
        => LibC.HasStatx && FileStatus.TryOf(path, out var status, out _) && !status.IsRegularFile && !status.IsDirectory;

    /// <summary>As <see cref="File.ReadAllBytes(string)"/>, refusing what is not a file.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        ThrowIfSpecial(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>As <see cref="File.ReadAllBytesAsync(string, CancellationToken)"/>, refusing what is not a file.</summary>
    public static Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfSpecial(path);
        return File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <summary>As <see cref="File.ReadAllTextAsync(string, CancellationToken)"/>, refusing what is not a file.</summary>
    public static Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfSpecial(path);
        return File.ReadAllTextAsync(path, cancellationToken);
    }

    /// <summary>As <c>new FileStream(path, options)</c> for reading, refusing what is not a file.</summary>
    public static FileStream OpenRead(string path, FileStreamOptions options)
    {
        ThrowIfSpecial(path);
        return new FileStream(path, options);
    }
}
