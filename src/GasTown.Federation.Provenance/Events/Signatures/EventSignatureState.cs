namespace GasTown.Federation.Provenance;

/// <summary>What an event line's signature proves, as an audit reports it (<see cref="EventLineProof"/>).</summary>
public enum EventSignatureState
{
    /// <summary>No signature: every line upstream's tools write.</summary>
    Unsigned = 1,

    /// <summary>Signed by a key of the chain's entity (the one it publishes or the one pinned for it; for the local town, its own key).</summary>
    SignedByKey = 2,

    /// <summary>Signed by an agent's own key, through a grant the owner signed for the line's actor, valid at the line's time.</summary>
    ViaGrant = 3,

    /// <summary>The signature is malformed or does not match the line: it was altered after signing.</summary>
    BadSignature = 4,

    /// <summary>A valid signature by a key neither the entity nor one of its grants vouches for (or no key is known for the entity).</summary>
    UnknownKey = 5,

    /// <summary>Signed by a granted key after its grant ended.</summary>
    GrantExpired = 6,

    /// <summary>Signed by a key the owner revoked.</summary>
    GrantRevoked = 7,

    /// <summary>Signed by a key granted to another agent than the line's actor.</summary>
    WrongAgent = 8,
}
