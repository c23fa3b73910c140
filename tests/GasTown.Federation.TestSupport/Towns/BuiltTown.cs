namespace GasTown.Federation.TestSupport;

/// <summary>A town folder written by <see cref="TownBuilder.Build"/>: where it is and what it holds.</summary>
public sealed class BuiltTown
{
    internal BuiltTown(string root, string? name, string? owner, IReadOnlyList<RigBuilder> rigs)
    {
        Root = root;
        Name = name;
        Owner = owner;
        Rigs = rigs;
    }

    /// <summary>The town root folder.</summary>
    public string Root { get; }

    /// <summary>The town (chain) name written to town.json, or null when no town.json was written.</summary>
    public string? Name { get; }

    /// <summary>The owner written to town.json (an email or a domain), or null.</summary>
    public string? Owner { get; }

    /// <summary>The chain URI text <c>gt://owner/name</c> (lower-cased owner), or null without owner and name.</summary>
    public string? ChainUri => Name is null || Owner is null ? null : $"gt://{Owner.ToLowerInvariant()}/{Name}";

    /// <summary>The rigs (and the town-level beads, named <c>"."</c>) that were written.</summary>
    public IReadOnlyList<RigBuilder> Rigs { get; }

    /// <summary>The full path of a file or folder relative to the town root (forward slashes accepted).</summary>
    public string PathOf(string relativePath) => System.IO.Path.Combine(Root, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>
    /// Sets the write time of the town's own files (not its federation repository and index) to an hour ago, so their
    /// stamps are not "racily clean" (written within the last tick, which the index never takes as current) and an index
    /// of the town can be current.
    /// </summary>
    public void BackdateOwnFiles()
    {
        var federation = PathOf("federation");
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                     .Where(f => !f.StartsWith(federation, StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }
    }

    /// <summary>The full path of a rig's issues.jsonl (rig by name, <c>"."</c> for the town level).</summary>
    public string IssuesPathOf(string rigName)
    {
        var rig = Rigs.FirstOrDefault(r => r.Name == rigName) ?? throw new ArgumentException($"no rig named '{rigName}' in this town", nameof(rigName));
        return PathOf(rig.Path == "." ? ".beads/issues.jsonl" : $"{rig.Path}/.beads/issues.jsonl");
    }

    /// <summary>Turns the town folder into a git repository (branch <c>main</c>) and commits everything; returns the commit id.</summary>
    public string InitGitAndCommit(string message = "town snapshot")
    {
        GitCli.Run(Root, "init", "--quiet", "--initial-branch=main");
        return Commit(message);
    }

    /// <summary>Commits every change in the town folder (which must already be a git repository); returns the commit id.</summary>
    public string Commit(string message)
    {
        GitCli.Run(Root, "add", "-A");
        GitCli.Run(Root, "commit", "--quiet", "--allow-empty", "-m", message);
        return GitCli.Run(Root, "rev-parse", "HEAD").Trim();
    }
}
