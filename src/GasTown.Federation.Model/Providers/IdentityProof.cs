namespace GasTown.Federation.Model;

/// <summary>How far a chain's identity is proven (docs/identity.md), from the strongest.</summary>
public enum IdentityProof
{
    /// <summary>The snapshot's tip is signed by a key the entity publishes in its well-known document (read over HTTPS from its domain).</summary>
    PublishedKey = 1,

    /// <summary>The tip is signed by a key pinned on first use or accepted by the user (as ssh's known_hosts): the same signer as before, not proven by the domain.</summary>
    PinnedKey = 2,

    /// <summary>No key: the chain is who its <c>town.json</c> says only because the URL it was registered under serves it.</summary>
    NameOnly = 3,
}
