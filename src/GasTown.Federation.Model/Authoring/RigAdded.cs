namespace GasTown.Federation.Model;

/// <summary>What <see cref="TownWriter.AddRigAsync"/> created.</summary>
/// <param name="Name">The rig's name.</param>
/// <param name="Prefix">The id prefix without its hyphen, as bd's <c>issue_prefix</c> holds it (<c>gt</c>).</param>
/// <param name="Route">The route appended to <c>.beads/routes.jsonl</c> (<c>{"prefix":"gt-","path":"gastown"}</c>).</param>
/// <param name="Folder">The rig's folder.</param>
public sealed record RigAdded(string Name, string Prefix, Route Route, string Folder);
