using System.Text;
using GasTown.Federation.Identity;
using GasTown.Federation.Model;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>Reads <c>federation/grants.jsonl</c> from a town's file and from a snapshot's git tree.</summary>
internal static class AgentGrantsFile
{
    /// <summary>The lines that parse as statements (signatures are checked by whoever reads them), or empty.</summary>
    public static byte[] WellFormedLines(byte[] bytes)
    {
        var kept = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            if (!string.IsNullOrWhiteSpace(line) && AgentKeyStatement.TryParse(line, out _, out _))
            {
                kept.Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(kept.ToString());
    }

    /// <summary>
    /// A chain's grants file as everything that judges by it reads it (the event-line verifier and a snapshot's tip check):
    /// from <paramref name="source"/> like any of the chain's files, so within the source's bound and never through a
    /// symbolic link or a submodule; null when there is none or it was refused. A refused grants file grants nothing, and
    /// is never an error: another person's grants file must not break the reader's audit or fetch.
    /// </summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(IChainSource source, CancellationToken cancellationToken)
    {
        try
        {
            return (await source.ReadFileAsync(AgentKeyStatement.RelativePath, cancellationToken).ConfigureAwait(false))?.Content;
        }
        catch (Exception exception) when (exception is ChainLimitExceededException or ChainPathException)
        {
            return null;
        }
    }

    /// <summary>
    /// The owner-signed statements in <paramref name="commit"/>'s grants file, read by the rule of <see cref="ReadAsync"/>
    /// from the commit's tree within <paramref name="maxBlobBytes"/> (the host's <see cref="ChainLimits.MaxBlobBytes"/>, as
    /// the verifier's snapshot is bounded). The blob's size comes from its header, so a grants file over the bound is never
    /// inflated, and only its first <see cref="AgentGrants.MaxBytes"/> are copied out (a tip is judged on every indexed
    /// query that reads its chain). Empty when there is none, it was refused, or the commit is not in the repository.
    /// </summary>
    public static AgentGrants ReadFromCommit(FederationRepository repository, string commit, long maxBlobBytes, IReadOnlyCollection<SshPublicKey> ownerKeys)
    {
        var snapshot = new GitTreeChainSource(repository, commit);
        try
        {
            return repository.Use(repo =>
            {
                if (repo.Lookup<Commit>(commit) is null
                    || snapshot.FindBlob(repo, AgentKeyStatement.RelativePath) is not { } blob || blob.Size > maxBlobBytes)
                {
                    return AgentGrants.Empty;
                }

                using var content = BlobContent.Open(repo, blob.Id, blob.Size);
                var prefix = new byte[Math.Min(content.Length, AgentGrants.MaxBytes)];
                content.ReadExactly(prefix);

                // Read to its end (at most maxBlobBytes), where its bytes are checked against its id: a prefix alone is not.
                content.CopyTo(Stream.Null);
                return AgentGrants.Read(prefix, ownerKeys);
            });
        }
        catch (ChainPathException)
        {
            // A symbolic link or a submodule where the file should be: never followed, and no grant.
            return AgentGrants.Empty;
        }
    }
}
