namespace GasTown.Federation.Model;

/// <summary>The <c>beads</c> object of a rig entry (<c>mayor/rigs.json</c>) or rig config: where its beads come from and their prefix.</summary>
/// <param name="Repo">The beads repository, often empty (the rig's own repository).</param>
/// <param name="Prefix">The issue prefix without its hyphen, e.g. <c>gt</c>.</param>
public sealed record RigBeadsSettings(string? Repo, string? Prefix);
