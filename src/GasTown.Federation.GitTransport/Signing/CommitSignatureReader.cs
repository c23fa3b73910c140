using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Reads a commit's <c>gpgsig</c> header and the exact bytes it signs, as <c>git_commit_extract_signature</c> gives them,
/// through <see cref="LibGit2Native"/> (LibGit2Sharp's <c>Commit.ExtractSignature</c> came back empty under Native AOT,
/// so every signed chain read as badly signed there; it also decoded the signed bytes as text, which a commit in another
/// encoding would not survive).
/// </summary>
internal static class CommitSignatureReader
{
    /// <summary>The armored signature and the signed bytes, or null when the commit has no signature.</summary>
    /// <exception cref="GitTransportException">libgit2 cannot read the repository or the commit.</exception>
    public static (string Signature, byte[] SignedData)? Read(Repository repo, ObjectId commit)
    {
        var native = NativeRepositoryHandle.For(repo);
        var added = false;
        try
        {
            native.DangerousAddRef(ref added);
            var id = default(LibGit2Native.GitOid);
            commit.RawId.CopyTo(id);
            var signature = default(LibGit2Native.GitBuf);
            var signed = default(LibGit2Native.GitBuf);
            var result = LibGit2Native.CommitExtractSignature(ref signature, ref signed, native.DangerousGetHandle(), ref id, null);
            try
            {
                return result switch
                {
                    0 => (System.Text.Encoding.UTF8.GetString(signature.Span), signed.Span.ToArray()),
                    LibGit2Native.NotFound => null,
                    _ => throw new GitTransportException($"The signature of commit {commit.Sha} in {repo.Info.Path} cannot be read: {LibGit2Native.LastError()}"),
                };
            }
            finally
            {
                LibGit2Native.BufDispose(ref signature);
                LibGit2Native.BufDispose(ref signed);
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
}
