namespace GasTown.Federation.Identity;

/// <summary>The verdict on one event line's signature.</summary>
/// <param name="Status">What the signature proves.</param>
/// <param name="Signer">The key that signed, when the signature could be read.</param>
/// <param name="Agent">For a granted key: the agent the grant names.</param>
/// <param name="Problem">For a refusal: what is wrong, for a person.</param>
public sealed record EventSignatureCheck(EventSignatureStatus Status, SshPublicKey? Signer = null, string? Agent = null, string? Problem = null)
{
    /// <summary>Whether the line is proven: signed by the owner's key, or by an agent's key through a valid grant.</summary>
    public bool IsVerified => Status is EventSignatureStatus.OwnerKey or EventSignatureStatus.AgentGrant;
}
