using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;

namespace GasTown.Federation.Index;

/// <summary>
/// A remote chain's tip signature as checked when the chain was indexed (<c>chains.tip_signature</c>), so a query judges
/// the chain's trust against the keys kept now without looking the commit up and verifying it again: a commit's signature
/// never changes, and looking a commit up opens pack files until it is found (a federation repository holds a pack per
/// fetch). Stored as <c>unsigned</c>, <c>valid KEY</c> (the signer's public key, <c>type base64</c>) or
/// <c>invalid PROBLEM</c>; anything else reads back as null, and the query verifies the commit itself.
/// </summary>
internal static class StoredSignatureCheck
{
    private const string Unsigned = "unsigned";
    private const string ValidPrefix = "valid ";
    private const string InvalidPrefix = "invalid ";

    public static string Encode(CommitSignatureCheck check) => check.Status switch
    {
        CommitSignatureStatus.Valid when check.Key is { } key => ValidPrefix + key.ToKeyString(),
        CommitSignatureStatus.Invalid => InvalidPrefix + (check.Problem ?? ""),
        CommitSignatureStatus.Unsigned => Unsigned,
        _ => throw new ArgumentException($"A valid signature check of {check.Commit} names no key.", nameof(check)),
    };

    /// <summary>The check of <paramref name="commit"/> as stored, or null when there is none or it does not read back.</summary>
    public static CommitSignatureCheck? Decode(string? stored, string commit)
    {
        if (stored is null)
        {
            return null;
        }

        if (stored == Unsigned)
        {
            return new CommitSignatureCheck(commit, CommitSignatureStatus.Unsigned, null, null);
        }

        if (stored.StartsWith(InvalidPrefix, StringComparison.Ordinal))
        {
            return new CommitSignatureCheck(commit, CommitSignatureStatus.Invalid, null, stored[InvalidPrefix.Length..]);
        }

        return stored.StartsWith(ValidPrefix, StringComparison.Ordinal) && SshPublicKey.TryParse(stored[ValidPrefix.Length..], out var key, out _)
            ? new CommitSignatureCheck(commit, CommitSignatureStatus.Valid, key, null)
            : null;
    }
}
