using System.Runtime.InteropServices;

namespace GasTown.Federation.Provenance;

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

    public static IOException ErrnoException(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);

    protected override bool ReleaseHandle() => LibC.Close(Fd) == 0;
}
