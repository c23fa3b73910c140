namespace GasTown.Federation.Provenance;

/// <summary>Where the actor of an <see cref="ActorContext"/> came from.</summary>
public enum ActorSource
{
    /// <summary>No actor was found.</summary>
    None = 0,

    /// <summary><see cref="ProvenanceOptions.Actor"/> (explicit configuration).</summary>
    Configuration,

    /// <summary>The <c>BEADS_ACTOR</c> environment variable (beads' current name).</summary>
    BeadsActorVariable,

    /// <summary>The <c>BD_ACTOR</c> environment variable (gastown's name, deprecated by beads).</summary>
    BdActorVariable,

    /// <summary><c>git config user.name</c> (bd's fallback for a person at a terminal).</summary>
    GitUserName,

    /// <summary>The <c>USER</c> environment variable (bd's last fallback before <c>"unknown"</c>, which this SDK never uses).</summary>
    UserVariable,
}
