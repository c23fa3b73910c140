using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;

namespace GasTown.Federation.Index;

/// <summary>
/// A remote chain's tip signature as checked when the chain was indexed (<c>chains.tip_check</c>), so a query judges the
/// chain's trust against the keys kept now without looking the commit up and verifying it again: a commit's signature
/// never changes, and looking a commit up opens pack files until it is found (a federation repository holds a pack per
/// fetch). Stored as <c>v1 COMMIT unsigned</c>, <c>v1 COMMIT valid KEY</c> (the signer's public key, <c>type base64</c>)
/// or <c>v1 COMMIT invalid PROBLEM</c> (and <c>v1 TIP not-a-commit</c> for a tip whose branch names a tree or a tag). The value names its commit, so it is never taken for another revision's, and the
/// verifier's version, so an SDK that judges signatures differently (<see cref="Version"/> raised) checks each tip again
/// instead of trusting an old verdict; anything else reads back as null, and the query verifies the commit itself.
/// </summary>
internal static class StoredSignatureCheck
{
    /// <summary>Raised whenever <see cref="CommitSignatureVerifier"/> would judge some signature differently.</summary>
    private const string Version = "v1";

    private const string Unsigned = "unsigned";
    private const string ValidPrefix = "valid ";
    private const string InvalidPrefix = "invalid ";
    private const string NotACommitVerdict = "not-a-commit";

    public static string Encode(CommitSignatureCheck check)
    {
        var verdict = check.Status switch
        {
            CommitSignatureStatus.Valid when check.Key is { } key => ValidPrefix + key.ToKeyString(),
            CommitSignatureStatus.Invalid => InvalidPrefix + (check.Problem ?? ""),
            CommitSignatureStatus.Unsigned => Unsigned,
            _ => throw new ArgumentException($"A valid signature check of {check.Commit} names no key.", nameof(check)),
        };
        return $"{Version} {check.Commit} {verdict}";
    }

    /// <summary>
    /// What is stored for a remote tip that is no commit (its branch names a tree or a tag,
    /// <see cref="TrackingRefs.NotACommit"/>): there is no signature to check, and a load refuses it before judging one.
    /// <see cref="Decode"/> reads it back as null (an SDK that does not know it has the query load the chain).
    /// </summary>
    public static string NotACommit(string tip) => $"{Version} {tip} {NotACommitVerdict}";

    /// <summary>Whether <paramref name="stored"/> says <paramref name="tip"/> is no commit (<see cref="NotACommit"/>).</summary>
    public static bool IsNotACommit(string? stored, string tip) => string.Equals(stored, NotACommit(tip), StringComparison.Ordinal);

    /// <summary>The check of <paramref name="commit"/> as stored, or null when there is none, it is of another commit or version, or it does not read back.</summary>
    public static CommitSignatureCheck? Decode(string? stored, string commit)
    {
        var head = $"{Version} {commit} ";
        if (stored is null || !stored.StartsWith(head, StringComparison.Ordinal))
        {
            return null;
        }

        var verdict = stored[head.Length..];
        if (verdict == Unsigned)
        {
            return new CommitSignatureCheck(commit, CommitSignatureStatus.Unsigned, null, null);
        }

        if (verdict.StartsWith(InvalidPrefix, StringComparison.Ordinal))
        {
            return new CommitSignatureCheck(commit, CommitSignatureStatus.Invalid, null, verdict[InvalidPrefix.Length..]);
        }

        return verdict.StartsWith(ValidPrefix, StringComparison.Ordinal) && SshPublicKey.TryParse(verdict[ValidPrefix.Length..], out var key, out _)
            ? new CommitSignatureCheck(commit, CommitSignatureStatus.Valid, key, null)
            : null;
    }
}
