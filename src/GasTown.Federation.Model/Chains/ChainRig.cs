namespace GasTown.Federation.Model;

/// <summary>One rig of a loaded chain and its beads.</summary>
/// <param name="Name">
/// The rig name (first component of its route path, or the one-rig repository's name), or
/// <see cref="Route.TownLevelRigName"/> (<c>"."</c>) for the town-level beads.
/// </param>
/// <param name="Path">The folder holding its <c>.beads</c>, relative to the chain root (<c>"."</c> for the root).</param>
/// <param name="Document">Its issues.jsonl, parsed.</param>
public sealed record ChainRig(string Name, string Path, WorkUnitDocument Document)
{
    /// <summary>Whether these are the town-level beads (<c>hq-*</c>), which belong to no rig.</summary>
    public bool IsTownLevel => Name == Route.TownLevelRigName;

    /// <summary>The rig's issues file relative to the chain root: <c>&lt;path&gt;/.beads/issues.jsonl</c>.</summary>
    public string IssuesFilePath => Path == "." ? ".beads/issues.jsonl" : Path + "/.beads/issues.jsonl";
}
