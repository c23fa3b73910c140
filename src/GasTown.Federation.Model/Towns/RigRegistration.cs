namespace GasTown.Federation.Model;

/// <summary>One rig registered in a town's <c>mayor/rigs.json</c> (<c>gt rig add</c>).</summary>
/// <param name="Name">The rig name (the key in <c>rigs</c>).</param>
/// <param name="GitUrl">The rig's git URL, or null.</param>
/// <param name="AddedAt">When the rig was added (original text), or null.</param>
/// <param name="Beads">The rig's beads settings, or null.</param>
public sealed record RigRegistration(string Name, string? GitUrl, string? AddedAt, RigBeadsSettings? Beads);
