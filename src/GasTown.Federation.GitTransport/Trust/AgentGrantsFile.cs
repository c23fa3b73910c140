using System.Text;
using GasTown.Federation.Identity;
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

    /// <summary>The owner-signed statements in <paramref name="commit"/>'s tree, bounded by <see cref="AgentGrants.MaxBytes"/>.</summary>
    public static AgentGrants ReadFromCommit(Repository repo, string commit, IReadOnlyCollection<SshPublicKey> ownerKeys)
    {
        if (repo.Lookup<Commit>(commit)?[AgentKeyStatement.RelativePath]?.Target is not Blob blob)
        {
            return AgentGrants.Empty;
        }

        // The size comes from the object header: a huge blob is cut, never read whole.
        using var stream = blob.GetContentStream();
        var buffer = new byte[Math.Min(blob.Size, AgentGrants.MaxBytes)];
        stream.ReadExactly(buffer);
        return AgentGrants.Read(buffer, ownerKeys);
    }
}
