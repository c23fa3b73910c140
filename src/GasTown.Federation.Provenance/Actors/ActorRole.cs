namespace GasTown.Federation.Provenance;

/// <summary>The Gas Town role an <see cref="ActorId"/> names, read from the form of its path.</summary>
public enum ActorRole
{
    /// <summary>A form this SDK does not recognise. The actor is kept as an opaque path, never rejected.</summary>
    Unknown = 0,

    /// <summary>The town's coordinator: <c>mayor</c>.</summary>
    Mayor,

    /// <summary>The town's supervisor daemon agent: <c>deacon</c>.</summary>
    Deacon,

    /// <summary>The deacon's boot agent: <c>deacon-boot</c> (also written <c>deacon/boot</c>, upstream's GT_ROLE form).</summary>
    Boot,

    /// <summary>A deacon dog: <c>deacon/dogs/&lt;name&gt;</c>.</summary>
    Dog,

    /// <summary>A rig's witness: <c>&lt;rig&gt;/witness</c> (legacy <c>&lt;rig&gt;-witness</c>).</summary>
    Witness,

    /// <summary>A rig's merge queue agent: <c>&lt;rig&gt;/refinery</c> (legacy <c>&lt;rig&gt;-refinery</c>).</summary>
    Refinery,

    /// <summary>A long-lived, named crew member of a rig: <c>&lt;rig&gt;/crew/&lt;name&gt;</c>.</summary>
    Crew,

    /// <summary>An ephemeral worker of a rig: <c>&lt;rig&gt;/polecats/&lt;name&gt;</c>.</summary>
    Polecat,

    /// <summary>
    /// A bare agent name such as <c>max</c> or <c>emma</c>: how upstream's <c>GIT_AUTHOR_NAME</c> names crew members and
    /// polecats. The name alone cannot tell which rig, or whether crew or polecat; <see cref="ActorId.Name"/> holds it.
    /// </summary>
    NamedAgent,
}
