using System.Text;
using GasTown.Federation.Identity;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Signs commits the way <c>git commit -S</c> does with <c>gpg.format=ssh</c>: an SSHSIG signature (namespace
/// <c>git</c>) over the commit object without its signature, stored in the <c>gpgsig</c> header.
/// </summary>
internal static class CommitSigning
{
    /// <summary>The signing key configured for publishing, or null: <see cref="GitTransportOptions.SigningKeyPath"/>, else git's <c>user.signingKey</c> when <c>gpg.format=ssh</c>.</summary>
    public static async Task<SshSigningKey?> LoadKeyAsync(FederationRepository repository, GitTransportOptions options, CancellationToken cancellationToken)
    {
        var path = options.SigningKeyPath ?? repository.Use(repo =>
        {
            var format = repo.Config.Get<string>("gpg.format")?.Value;
            var key = repo.Config.Get<string>("user.signingKey")?.Value;
            return string.Equals(format, "ssh", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null;
        });
        if (path is null)
        {
            return null;
        }

        if (path.StartsWith("key::", StringComparison.Ordinal) || path.StartsWith("ssh-", StringComparison.Ordinal))
        {
            throw new IdentityException($"git's user.signingKey is a literal public key ('{(path.Length > 40 ? path[..40] + "…" : path)}'), which only ssh-agent can sign with; this SDK signs with a key file. Set user.signingKey (or GitTransportOptions.SigningKeyPath) to the path of an Ed25519 private key.");
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        }

        return await SshSigningKey.LoadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public static Commit CreateSignedCommit(Repository repo, LibGit2Sharp.Signature signature, string message, Tree tree, Commit? parent, SshSigningKey key)
    {
        var buffer = UnsignedCommitText.Format(signature, signature, message, tree.Id, parent is null ? [] : [parent.Id]);

        // libgit2 indents every line after the first; a trailing newline would leave an empty continuation line.
        var armored = key.Sign(Encoding.UTF8.GetBytes(buffer)).TrimEnd('\n');
        var id = repo.ObjectDatabase.CreateCommitWithSignature(buffer, armored);
        return repo.Lookup<Commit>(id);
    }
}
