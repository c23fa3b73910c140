using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A remote's fetched branch names a tree, an annotated tag or a blob instead of a commit: it holds no snapshot, and every
/// load refuses it before reading anything (<see cref="ChainUnavailableReason.Invalid"/>), as any other refused snapshot:
/// the remote's last verified snapshot answers instead, if it has one. git itself never moves a branch to anything but a
/// commit; a branch written by hand can.
/// </summary>
internal sealed class SnapshotNotACommitException : ChainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="branch">The remote's branch, as the remote names it (<c>gt/published</c>).</param>
    /// <param name="kind">What the branch names instead, with its article ("a tree").</param>
    /// <param name="target">The full id of the object the branch names.</param>
    public SnapshotNotACommitException(string branch, string kind, string target)
        : base($"its branch {branch} names {kind} ({target[..7]}), not a commit, so it holds no snapshot to read (git moves a branch only to a commit: this one was written by hand). Its owner must point {branch} at a commit again.")
    {
        Target = target;
    }

    /// <summary>The full id of the object the branch names.</summary>
    public string Target { get; }
}
