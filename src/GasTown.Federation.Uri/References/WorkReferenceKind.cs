namespace GasTown.Federation;

/// <summary>The written form of a <see cref="WorkReference"/>.</summary>
public enum WorkReferenceKind
{
    /// <summary>A full URI: <c>gt://alice@example.com/town/gastown/gt-xyz</c> (or <c>hop://…</c>).</summary>
    Absolute,

    /// <summary>A bare work id, routed to its rig by prefix: <c>gt-xyz</c>.</summary>
    Prefixed,

    /// <summary>A rig of the same chain and a work id: <c>gastown/gt-xyz</c>.</summary>
    RigQualified,

    /// <summary>A work id in the current rig: <c>./gt-xyz</c>.</summary>
    CurrentRig,

    /// <summary>Beads' cross-project form, <c>external:beads:bd-abc</c>: the project is a rig of the same chain.</summary>
    External,
}
