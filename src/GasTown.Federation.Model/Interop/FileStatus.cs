using System.Runtime.InteropServices;

namespace GasTown.Federation.Model;

/// <summary>
/// The part of statx(2)'s answer the publisher and <see cref="LocalFile"/> need: the file type, the hard-link count and the file's identity
/// (device and inode). statx is used rather than stat because its buffer has one layout on every architecture.
/// </summary>
/// <param name="Mode">st_mode: type and permission bits.</param>
/// <param name="LinkCount">st_nlink: how many names the file has (more than one means a hard link exists).</param>
/// <param name="DeviceMajor">The major number of the device holding the file.</param>
/// <param name="DeviceMinor">The minor number of that device.</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct FileStatus(int Mode, uint LinkCount, uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLinkType = 0xA000;

    /// <summary>Whether this is a regular file.</summary>
    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    /// <summary>Whether this is a directory.</summary>
    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>Whether this is a symbolic link (only seen with <c>AT_SYMLINK_NOFOLLOW</c>).</summary>
    public bool IsSymbolicLink => (Mode & TypeMask) == SymbolicLinkType;

    /// <summary>Whether <paramref name="other"/> is the same file (same device and inode).</summary>
    public bool IsSameFile(FileStatus other) => DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor && Inode == other.Inode;

    /// <summary>statx(2) of <paramref name="path"/> relative to <paramref name="directory"/> with <paramref name="flags"/>; throws an <see cref="IOException"/> with the errno.</summary>
    public static FileStatus Of(FileDescriptor directory, string path, int flags)
        => TryOf(directory.Fd, path, flags, out var status, out var errno) ? status : throw FileDescriptor.ErrnoException($"could not stat '{path}'", errno);

    /// <summary>statx(2) of <paramref name="path"/> (following links); false with the errno when there is nothing to describe.</summary>
    public static bool TryOf(string path, out FileStatus status, out int errno) => TryOf(LibC.AT_FDCWD, path, 0, out status, out errno);

    private static unsafe bool TryOf(int directory, string path, int flags, out FileStatus status, out int errno)
    {
        var buffer = stackalloc byte[LibC.StatxBufferSize];
        status = default;
        while (LibC.Statx(directory, path, flags, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                return false;
            }
        }

        errno = 0;

        // struct statx: stx_nlink at 16 (u32), stx_mode at 28 (u16), stx_ino at 32 (u64), stx_dev_major/minor at 136/140,
        // each in the machine's own byte order (big-endian on s390x).
        var span = new ReadOnlySpan<byte>(buffer, LibC.StatxBufferSize);
        status = new FileStatus(
            MemoryMarshal.Read<ushort>(span[28..]),
            MemoryMarshal.Read<uint>(span[16..]),
            MemoryMarshal.Read<uint>(span[136..]),
            MemoryMarshal.Read<uint>(span[140..]),
            MemoryMarshal.Read<ulong>(span[32..]));
        return true;
    }
}
