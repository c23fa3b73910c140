namespace GasTown.Federation.Identity;

/// <summary>What the signature of one <c>.events.jsonl</c> line proves (<see cref="SignedEventLine.Verify"/>).</summary>
public enum EventSignatureStatus
{
    /// <summary>The line carries no <c>gt_sig</c> field (every line upstream writes).</summary>
    Unsigned = 1,

    /// <summary>Signed by one of the entity's own keys (published or pinned).</summary>
    OwnerKey = 2,

    /// <summary>Signed by an agent's key that an owner-signed grant gives to the line's actor, valid at the line's time.</summary>
    AgentGrant = 3,

    /// <summary>The signature is malformed, in another namespace, or does not verify over the line: the line was altered after signing.</summary>
    BadSignature = 4,

    /// <summary>Validly signed, by a key neither the entity nor a grant vouches for.</summary>
    UnknownKey = 5,

    /// <summary>Signed by a granted key after its grant ended.</summary>
    GrantExpired = 6,

    /// <summary>Signed by a key the owner revoked (any time: a revoked key's claims about time are not believed).</summary>
    GrantRevoked = 7,

    /// <summary>Signed by a key granted to another agent than the line's <c>actor</c>.</summary>
    WrongAgent = 8,
}
