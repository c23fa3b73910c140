namespace GasTown.Federation.Provenance;

/// <summary>The verdict on one event line's signature.</summary>
/// <param name="State">What the signature proves.</param>
/// <param name="Signer">The fingerprint of the key that signed (<c>SHA256:…</c>), when the signature could be read.</param>
/// <param name="Agent">For a granted key: the agent its grant names.</param>
/// <param name="Problem">For a signature that proves nothing: why, for a person.</param>
public sealed record EventLineProof(EventSignatureState State, string? Signer = null, string? Agent = null, string? Problem = null)
{
    /// <summary>An unsigned line.</summary>
    public static EventLineProof Unsigned { get; } = new(EventSignatureState.Unsigned);

    /// <summary>Whether the line is proven: signed by the entity's key, or by an agent's key through a valid grant.</summary>
    public bool IsVerified => State is EventSignatureState.SignedByKey or EventSignatureState.ViaGrant;
}
