namespace GasTown.Federation.Provenance;

/// <summary>The trailer keys beads' <c>prepare-commit-msg</c> hook writes (bd-luso) and this SDK writes and reads.</summary>
public static class ProvenanceTrailerKeys
{
    /// <summary><c>Executed-By</c>: the actor that made the commit. Wins over the author name when attributing.</summary>
    public const string ExecutedBy = "Executed-By";

    /// <summary><c>Rig</c>: the actor's rig.</summary>
    public const string Rig = "Rig";

    /// <summary><c>Role</c>: the actor's role word.</summary>
    public const string Role = "Role";

    /// <summary><c>Molecule</c>: the molecule (workflow) the work belongs to.</summary>
    public const string Molecule = "Molecule";
}
