using System.Runtime.InteropServices;

namespace GasTown.Federation.Model;

/// <summary>A raw POSIX file descriptor that is closed exactly once, whatever happens (closing also drops a flock).</summary>
internal sealed class FileDescriptor : SafeHandle
{
    private FileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    /// <summary>Opens (creating with mode 0644 if needed) or throws an <see cref="IOException"/> naming the path and errno.</summary>
    public static FileDescriptor Open(string path, int flags)
    {
        while (true)
        {
            var fd = LibC.Open(path, flags | LibC.O_CLOEXEC, LibC.Mode0644);
            if (fd >= 0)
            {
                return new FileDescriptor(fd);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw ErrnoException($"could not open '{path}'", errno);
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="name"/> relative to the directory <paramref name="directory"/> (or the path itself when
    /// <paramref name="directory"/> is null) without creating it; returns null with the errno when it fails.
    /// </summary>
    public static FileDescriptor? TryOpenAt(FileDescriptor? directory, string name, int flags, out int errno)
    {
        while (true)
        {
            var fd = directory is null
                ? LibC.Open(name, flags | LibC.O_CLOEXEC, LibC.Mode0644)
                : LibC.OpenAt(directory.Fd, name, flags | LibC.O_CLOEXEC, LibC.Mode0644);
            if (fd >= 0)
            {
                errno = 0;
                return new FileDescriptor(fd);
            }

            errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                return null;
            }
        }
    }

    /// <summary>What statx(2) says about this open descriptor (fstat: the file that is open, not whatever a path names now).</summary>
    public FileStatus GetStatus() => FileStatus.Of(this, string.Empty, LibC.AT_EMPTY_PATH);

    /// <summary>Hands the descriptor over to a <see cref="Microsoft.Win32.SafeHandles.SafeFileHandle"/> (which then owns and closes it), for .NET's readers.</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle ToSafeFileHandle()
    {
        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(DangerousGetHandle(), ownsHandle: true);
        SetHandleAsInvalid();
        return handle;
    }

    public static IOException ErrnoException(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);

    protected override bool ReleaseHandle() => LibC.Close(Fd) == 0;
}
