namespace GasTown.Federation.Model;

/// <summary>How a chain's files are laid out.</summary>
public enum ChainLayout
{
    /// <summary>A Gas Town town: <c>mayor/town.json</c>, <c>.beads/routes.jsonl</c>, a beads file per rig.</summary>
    Town = 1,

    /// <summary>A plain rig repository with <c>.beads/issues.jsonl</c> at its root and no town.json; its identity cannot be verified.</summary>
    SingleRig = 2,
}
