using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The few libgit2 calls made directly rather than through LibGit2Sharp: where LibGit2Sharp passes a <c>git_buf</c> as
/// a class (Native AOT marshals such a class in only, so what libgit2 writes into it never comes back: its own source
/// says so of <c>GitBuf</c>), and where LibGit2Sharp would inflate a blob twice to stream it (<see cref="NativeBlobStream"/>). Here the buffer is a blittable struct passed by reference, and LibraryImport generates
/// the marshalling at compile time, so these calls behave the same under the JIT and under AOT.
/// </summary>
/// <remarks>
/// The library is the one LibGit2Sharp loads (LibGit2Sharp.NativeBinaries for LibGit2Sharp 0.32.0); its name carries
/// the libgit2 commit it was built from and changes with that package. It is initialised here too
/// (<c>git_libgit2_init</c> counts its callers, so a second call costs nothing): should a host point LibGit2Sharp at
/// another copy of the library (<c>GlobalSettings.NativeLibraryPath</c>), the copy these imports load still works.
/// </remarks>
internal static unsafe partial class LibGit2Native
{
    static LibGit2Native()
    {
        if (Init() < 0)
        {
            throw new GitTransportException($"libgit2 ({Library}) could not be initialised: {LastError()}");
        }
    }

    /// <summary>The native library's name, as LibGit2Sharp's own imports name it.</summary>
    public const string Library = "git2-5853918";

    /// <summary>libgit2's <c>GIT_ENOTFOUND</c>.</summary>
    public const int NotFound = -3;

    /// <summary>libgit2's <c>GIT_ELOCKED</c>: another writer holds the lock file.</summary>
    public const int Locked = -14;

    /// <summary>libgit2's <c>git_buf</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GitBuf
    {
        public byte* Ptr;
        public nuint Reserved;
        public nuint Size;

        public readonly ReadOnlySpan<byte> Span => Ptr is null ? default : new ReadOnlySpan<byte>(Ptr, checked((int)Size));
    }

    /// <summary>libgit2's <c>git_oid</c> in a SHA-1 build: the object id's 20 bytes.</summary>
    [InlineArray(20)]
    public struct GitOid
    {
        private byte _first;
    }

    [LibraryImport(Library, EntryPoint = "git_libgit2_init")]
    private static partial int Init();

    [LibraryImport(Library, EntryPoint = "git_repository_open_bare", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RepositoryOpenBare(out nint repository, string path);

    [LibraryImport(Library, EntryPoint = "git_repository_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RepositoryOpen(out nint repository, string path);

    [LibraryImport(Library, EntryPoint = "git_repository_free")]
    public static partial void RepositoryFree(nint repository);

    [LibraryImport(Library, EntryPoint = "git_commit_extract_signature", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CommitExtractSignature(ref GitBuf signature, ref GitBuf signedData, nint repository, ref GitOid commitId, string? field);

    [LibraryImport(Library, EntryPoint = "git_blob_lookup")]
    public static partial int BlobLookup(out nint blob, nint repository, ref GitOid id);

    [LibraryImport(Library, EntryPoint = "git_blob_rawsize")]
    public static partial ulong BlobRawSize(nint blob);

    [LibraryImport(Library, EntryPoint = "git_blob_rawcontent")]
    public static partial byte* BlobRawContent(nint blob);

    [LibraryImport(Library, EntryPoint = "git_blob_free")]
    public static partial void BlobFree(nint blob);

    /// <summary>libgit2's <c>git_signature</c> (with its <c>git_time</c>): a commit's author or committer as parsed.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GitSignature
    {
        public byte* Name;
        public byte* Email;
        public long Time;
        public int Offset;
        public byte Sign;
    }

    // CommitPeople's calls: a commit's author and committer as libgit2 holds them, for a date LibGit2Sharp cannot turn
    // into a DateTimeOffset (it throws instead).
    [LibraryImport(Library, EntryPoint = "git_commit_lookup")]
    public static partial int CommitLookup(out nint commit, nint repository, ref GitOid id);

    [LibraryImport(Library, EntryPoint = "git_commit_author")]
    public static partial GitSignature* CommitAuthor(nint commit);

    [LibraryImport(Library, EntryPoint = "git_commit_committer")]
    public static partial GitSignature* CommitCommitter(nint commit);

    [LibraryImport(Library, EntryPoint = "git_commit_free")]
    public static partial void CommitFree(nint commit);

    // LocalObjectScan's calls: every object of a local remote's repository, by its header only (never inflated whole).
    [LibraryImport(Library, EntryPoint = "git_repository_odb")]
    public static partial int RepositoryOdb(out nint odb, nint repository);

    [LibraryImport(Library, EntryPoint = "git_odb_free")]
    public static partial void OdbFree(nint odb);

    [LibraryImport(Library, EntryPoint = "git_odb_foreach")]
    public static partial int OdbForeach(nint odb, delegate* unmanaged[Cdecl]<GitOid*, nint, int> callback, nint payload);

    [LibraryImport(Library, EntryPoint = "git_odb_read_header")]
    public static partial int OdbReadHeader(out nuint size, out int type, nint odb, GitOid* id);

    // ConfigTransaction's calls: one config file changed under git's own lock on it, committed as one.
    [LibraryImport(Library, EntryPoint = "git_config_open_ondisk", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfigOpenOnDisk(out nint config, string path);

    [LibraryImport(Library, EntryPoint = "git_config_lock")]
    public static partial int ConfigLock(out nint transaction, nint config);

    [LibraryImport(Library, EntryPoint = "git_config_set_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfigSetString(nint config, string name, string value);

    [LibraryImport(Library, EntryPoint = "git_config_set_multivar", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfigSetMultivar(nint config, string name, string regexp, string value);

    [LibraryImport(Library, EntryPoint = "git_config_free")]
    public static partial void ConfigFree(nint config);

    [LibraryImport(Library, EntryPoint = "git_transaction_commit")]
    public static partial int TransactionCommit(nint transaction);

    [LibraryImport(Library, EntryPoint = "git_transaction_free")]
    public static partial void TransactionFree(nint transaction);

    [LibraryImport(Library, EntryPoint = "git_buf_dispose")]
    public static partial void BufDispose(ref GitBuf buffer);

    /// <summary>libgit2's <c>git_config_level_t</c>: the levels whose search path <see cref="ConfigSearchPaths"/> reads.</summary>
    public enum ConfigLevel
    {
        /// <summary>Windows' %PROGRAMDATA% configuration.</summary>
        ProgramData = 1,

        /// <summary>The system's configuration (<c>/etc/gitconfig</c>).</summary>
        System = 2,

        /// <summary>The XDG configuration (<c>~/.config/git/config</c>).</summary>
        Xdg = 3,

        /// <summary>The user's configuration (<c>~/.gitconfig</c>).</summary>
        Global = 4,
    }

    // GIT_OPT_GET_SEARCH_PATH: git_libgit2_opts(option, int level, git_buf *out). The function is variadic and this
    // import declares the arguments it passes: integers and a pointer, which x64 (System V and Windows) and Linux and
    // Windows arm64 pass to a variadic function as to any other. Apple's arm64 convention puts variadic arguments on
    // the stack, where libgit2 would read a garbage pointer and write through it (LibGit2Sharp#1951): there the call is
    // not made.
    private const int OptionGetSearchPath = 4;

    [LibraryImport(Library, EntryPoint = "git_libgit2_opts")]
    private static partial int OptionsGetSearchPath(int option, int level, ref GitBuf path);

    /// <summary>
    /// The folders libgit2 looks in for <paramref name="level"/>'s configuration file. LibGit2Sharp's
    /// <c>GlobalSettings.GetConfigSearchPaths</c> passes its <c>git_buf</c> as a class, which Native AOT marshals in only:
    /// there it always answers nothing. Null when libgit2 cannot say.
    /// </summary>
    public static string[]? ConfigSearchPaths(ConfigLevel level)
    {
        if (OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            return null;
        }

        var path = default(GitBuf);
        try
        {
            return OptionsGetSearchPath(OptionGetSearchPath, (int)level, ref path) < 0
                ? null
                : System.Text.Encoding.UTF8.GetString(path.Span).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            BufDispose(ref path);
        }
    }

    [LibraryImport(Library, EntryPoint = "git_error_last")]
    private static partial nint ErrorLast();

    /// <summary>libgit2's message for the last failed call on this thread, or a generic one.</summary>
    public static string LastError()
    {
        var error = ErrorLast();
        return error == 0 ? "libgit2 gave no message" : Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error)) ?? "libgit2 gave no message";
    }
}
