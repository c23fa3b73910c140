using System.Runtime.InteropServices;

namespace GasTown.Federation.Model;

/// <summary>
/// The few libc calls the SDK needs on Linux, where .NET offers no equivalent (kept in Model, the lowest package that
/// reads files, so that every package uses the one set):
/// <list type="bullet">
/// <item><c>statx(2)</c> before a local town file is opened (<see cref="LocalFile"/>): .NET's open of a FIFO waits
/// for a writer, and cannot be told not to.</item>
/// <item><c>openat(2)</c> one path component at a time with <c>O_NOFOLLOW</c>, then <c>statx(2)</c> on the open
/// descriptor, for the publisher (<c>TownFileReader</c>), which must read exactly the file it checked.</item>
/// <item><c>flock(2)</c>, blocking-free (<c>LOCK_EX | LOCK_NB</c>), on the lock file, the lock upstream's gofrs/flock
/// takes. .NET's <see cref="FileStream"/> does take <c>flock(LOCK_EX|LOCK_NB)</c> for <see cref="FileShare.None"/>,
/// but also <c>flock(LOCK_SH|LOCK_NB)</c> on every other open, which fails while another process holds the lock, and
/// it can be switched off process-wide (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>); the lock must not depend on that.</item>
/// <item><c>open(2)</c> with <c>O_APPEND</c> and <c>write(2)</c>: <see cref="FileMode.Append"/> does not use
/// <c>O_APPEND</c> (it seeks once and then writes with <c>pwrite</c> at its own offset, verified with strace on
/// .NET 10), so a writer that does not take the lock (upstream before February 2026) could overwrite our line.</item>
/// </list>
/// LibraryImport generates the marshalling at compile time, so this is AOT- and trim-safe. The "libc" name is mapped
/// by the runtime to the platform's C library.
/// </summary>
internal static partial class LibC
{
    // Linux generic values (x64 and arm64 share them).
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;
    public const int SEEK_END = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11; // EWOULDBLOCK on Linux
    public const int Mode0644 = 0x1A4;

    /// <summary>Linux on a 64-bit process: <c>off_t</c> is 64 bits and the constants above hold (statx's, which
    /// <see cref="LocalFile"/> needs alone, hold on every architecture).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint PRead(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    // For the publisher (GitTransport), which must read exactly the file it checked: openat(2) one path component at
    // a time with O_NOFOLLOW, then statx(2) on the open descriptor. statx's buffer layout is the same on every
    // architecture, unlike struct stat; the O_ flags below are not (arm64 moves O_DIRECTORY and O_NOFOLLOW).
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_EXCL = 0x80;
    public const int O_NONBLOCK = 0x800;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_FDCWD = -100;
    public const int ENOENT = 2;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;
    public const int EEXIST = 17;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const int StatxBufferSize = 256;

    /// <summary>O_DIRECTORY for this process's architecture.</summary>
    public static int O_DIRECTORY => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>O_NOFOLLOW for this process's architecture.</summary>
    public static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>Whether <see cref="OpenAt"/> and <see cref="Statx"/> can be used with the flags above (64-bit Linux on x64 or arm64, with statx).</summary>
    public static bool SupportsNoFollowOpen => IsSupported && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 && HasStatx;

    /// <summary>
    /// Whether the C library has <c>statx</c> (glibc 2.28, musl 1.2.5 and later; .NET 10 also runs on older ones, where
    /// calling it throws <see cref="EntryPointNotFoundException"/>). Probed once, by calling it on <c>/</c>.
    /// </summary>
    public static bool HasStatx => StatxProbe.Value;

    private static readonly Lazy<bool> StatxProbe = new(ProbeStatx);

    private static unsafe bool ProbeStatx()
    {
        if (!IsSupported)
        {
            return false;
        }

        try
        {
            var buffer = stackalloc byte[StatxBufferSize];
            _ = Statx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, buffer);
            return true;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirfd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
