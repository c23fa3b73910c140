using System.Globalization;
using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A commit's author and committer for <see cref="GitCommitHistorySource"/>, whatever dates they carry. LibGit2Sharp
/// turns a signature's date into a <see cref="DateTimeOffset"/> as it reads it, and throws when none holds it: git
/// writes 999999999999999 seconds, or a second before the year 1, when told to, and libgit2 reads an offset up to 14:59
/// (one holds 14:00) and a last second of 9999 whose local time is in 10000. One such commit threw out of the walk of
/// its whole history. Such a commit is read through libgit2 itself (<see cref="LibGit2Native"/>): at its instant in
/// UTC when only its offset or its local time is out of range; at the nearest instant a <see cref="DateTimeOffset"/>
/// holds, with the date as written (<see cref="Provenance.CommitRecord.OutOfRangeDate"/>), when the instant itself is.
/// </summary>
internal static unsafe class CommitPeople
{
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>The author and the committer of <paramref name="commit"/>, read from <paramref name="repo"/>.</summary>
    /// <exception cref="GitTransportException">libgit2 cannot read the commit again.</exception>
    public static (CommitPerson Author, CommitPerson Committer) Read(LibGit2Sharp.Repository repo, Commit commit)
    {
        try
        {
            var author = commit.Author;
            var committer = commit.Committer;
            return (new(author.Name, author.Email, author.When, null), new(committer.Name, committer.Email, committer.When, null));
        }
        catch (ArgumentException)
        {
            // LibGit2Sharp's date conversion (ArgumentOutOfRangeException): the rest of the signature is readable.
            return ReadNative(repo, commit.Id);
        }
    }

    /// <summary>
    /// The instant git's <paramref name="seconds"/> and <paramref name="offsetMinutes"/> name, with the offset when it can
    /// be kept; out of range, the nearest instant there is and the date as written (<paramref name="sign"/> is its sign).
    /// </summary>
    internal static (DateTimeOffset When, string? OutOfRangeDate) DateOf(long seconds, int offsetMinutes, char sign)
    {
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            var minutes = Math.Abs((long)offsetMinutes);
            var written = string.Create(CultureInfo.InvariantCulture, $"{seconds} {(offsetMinutes < 0 || sign == '-' ? '-' : '+')}{minutes / 60:00}{minutes % 60:00}");
            return (seconds < MinSeconds ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue, written);
        }

        var instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var local = instant.UtcTicks + offset.Ticks;
        return offset.Duration() <= MaxOffset && local >= DateTime.MinValue.Ticks && local <= DateTime.MaxValue.Ticks
            ? (instant.ToOffset(offset), null)
            : (instant, null);
    }

    private static (CommitPerson Author, CommitPerson Committer) ReadNative(LibGit2Sharp.Repository repo, ObjectId id)
    {
        var native = NativeRepositoryHandle.For(repo);
        var added = false;
        try
        {
            native.DangerousAddRef(ref added);
            var oid = default(LibGit2Native.GitOid);
            id.RawId.CopyTo(oid);
            if (LibGit2Native.CommitLookup(out var commit, native.DangerousGetHandle(), ref oid) < 0)
            {
                throw new GitTransportException($"Commit {id.Sha} in {repo.Info.Path} cannot be read: {LibGit2Native.LastError()}");
            }

            try
            {
                return (Of(LibGit2Native.CommitAuthor(commit)), Of(LibGit2Native.CommitCommitter(commit)));
            }
            finally
            {
                LibGit2Native.CommitFree(commit);
            }
        }
        finally
        {
            if (added)
            {
                native.DangerousRelease();
            }
        }
    }

    private static CommitPerson Of(LibGit2Native.GitSignature* signature)
    {
        var (when, outOfRange) = DateOf(signature->Time, signature->Offset, (char)signature->Sign);
        return new(Marshal.PtrToStringUTF8((nint)signature->Name) ?? "", Marshal.PtrToStringUTF8((nint)signature->Email) ?? "", when, outOfRange);
    }
}

/// <summary>A commit's author or committer: who, and when (see <see cref="CommitPeople"/>).</summary>
internal readonly record struct CommitPerson(string Name, string Email, DateTimeOffset When, string? OutOfRangeDate);
