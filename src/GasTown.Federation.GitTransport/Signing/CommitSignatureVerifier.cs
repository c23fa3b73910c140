using System.Text;
using GasTown.Federation.Identity;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Checks a commit's SSH signature as <c>git verify-commit</c> does with <c>gpg.format=ssh</c>: the SSHSIG blob in
/// the <c>gpgsig</c> header must verify, in namespace <c>git</c>, over the commit object without that header. Whether
/// the key that made it may speak for the chain is decided by the caller (<see cref="TrustedKeyStore"/>).
/// </summary>
public static class CommitSignatureVerifier
{
    /// <summary>Checks the signature of <paramref name="commit"/> in the repository at <paramref name="repositoryPath"/>.</summary>
    /// <param name="repositoryPath">A git repository (bare or not).</param>
    /// <param name="commit">The commit's id.</param>
    /// <returns>Unsigned, valid (with the key) or invalid (with the problem).</returns>
    /// <exception cref="GitTransportException">The repository or commit cannot be read.</exception>
    public static CommitSignatureCheck Verify(string repositoryPath, string commit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryPath);
        try
        {
            using var repo = new Repository(repositoryPath);
            try
            {
                return Verify(repo, commit);
            }
            finally
            {
                NativeRepositoryHandle.Release(repo);
            }
        }
        catch (RepositoryNotFoundException ex)
        {
            throw new GitTransportException($"{repositoryPath} is not a git repository: {ex.Message}", ex);
        }
    }

    internal static CommitSignatureCheck Verify(Repository repo, string commit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commit);
        var id = new ObjectId(commit);
        if (CommitSignatureReader.Read(repo, id) is not { } info)
        {
            // libgit2 reports "no signature field" as not found, the same as a missing commit.
            if (repo.Lookup<Commit>(id) is null)
            {
                throw new MissingCommitException(repo.Info.Path, id.Sha);
            }

            return new CommitSignatureCheck(commit, CommitSignatureStatus.Unsigned, null, null);
        }

        if (!SshSignature.TryParse(info.Signature, out var signature, out var problem))
        {
            return new CommitSignatureCheck(commit, CommitSignatureStatus.Invalid, null, problem);
        }

        return signature.Verify(info.SignedData, SshSignature.GitNamespace)
            ? new CommitSignatureCheck(commit, CommitSignatureStatus.Valid, signature.PublicKey, null)
            : new CommitSignatureCheck(commit, CommitSignatureStatus.Invalid, null, $"the signature by {signature.PublicKey.Fingerprint} does not verify over the commit (altered after signing, or another namespace than 'git')");
    }
}
