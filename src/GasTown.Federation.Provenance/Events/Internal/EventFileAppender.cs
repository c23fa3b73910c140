using System.Runtime.InteropServices;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Appends complete lines to the event log with one <c>write(2)</c> on an <c>O_APPEND</c> descriptor, while the
/// caller holds the <see cref="EventLogLock"/>. If the file does not end with a newline (a writer died mid-line),
/// a newline is written first, in the same call, so the torn fragment stays on its own line and ours is whole.
/// </summary>
internal static class EventFileAppender
{
    /// <summary>
    /// Writes the <paramref name="length"/> bytes of complete lines at <paramref name="start"/> in <paramref name="buffer"/>,
    /// which must hold one spare byte at index <paramref name="start"/> - 1 (room for the torn-tail newline).
    /// </summary>
    /// <returns>Whether a newline had to be inserted before the lines (the log had a torn tail).</returns>
    public static bool Append(string path, byte[] buffer, int start, int length)
    {
        return LibC.IsSupported ? AppendNative(path, buffer, start, length) : AppendManaged(path, buffer, start, length);
    }

    // The lock file could be written but not the log (a log left read-only): refused before a byte is appended. A failure
    // after the open is the write's own (a full disk), and is not said as "nothing was changed".
    private static FileDescriptor OpenForAppend(string path)
    {
        try
        {
            return FileDescriptor.Open(path, LibC.O_RDWR | LibC.O_APPEND | LibC.O_CREAT);
        }
        catch (IOException exception) when (TownFileAccessException.IsRefusal(exception))
        {
            throw TownFileAccessException.For(path, exception);
        }
    }

    private static unsafe bool AppendNative(string path, byte[] buffer, int start, int length)
    {
        using var file = OpenForAppend(path);
        var repaired = false;
        var size = LibC.LSeek(file.Fd, 0, LibC.SEEK_END);
        if (size < 0)
        {
            throw FileDescriptor.ErrnoException($"could not find the end of '{path}'", Marshal.GetLastPInvokeError());
        }

        if (size > 0)
        {
            byte last;
            if (LibC.PRead(file.Fd, &last, 1, size - 1) != 1)
            {
                throw FileDescriptor.ErrnoException($"could not read the last byte of '{path}'", Marshal.GetLastPInvokeError());
            }

            if (last != (byte)'\n')
            {
                buffer[--start] = (byte)'\n';
                length++;
                repaired = true;
            }
        }

        fixed (byte* bytes = buffer)
        {
            var written = 0;
            while (written < length)
            {
                var n = LibC.Write(file.Fd, bytes + start + written, length - written);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EINTR)
                    {
                        continue;
                    }

                    // A failure after a partial write leaves a torn line; the next append starts a new line after it.
                    throw FileDescriptor.ErrnoException($"could not append to '{path}' ({written} of {length} bytes written)", errno);
                }

                written += (int)n;
            }
        }

        return repaired;
    }

    private static bool AppendManaged(string path, byte[] buffer, int start, int length)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var repaired = false;
        if (stream.Length > 0)
        {
            stream.Position = stream.Length - 1;
            if (stream.ReadByte() != '\n')
            {
                buffer[--start] = (byte)'\n';
                length++;
                repaired = true;
            }
        }

        stream.Position = stream.Length;
        stream.Write(buffer, start, length);
        stream.Flush();
        return repaired;
    }
}
