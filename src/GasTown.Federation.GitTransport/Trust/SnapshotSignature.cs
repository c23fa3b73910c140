using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>How a fetched snapshot's signed tip was accepted (<see cref="FetchResult.TipSignature"/>).</summary>
/// <param name="Proof">How far the chain is proven: a key the entity publishes, the pinned key, or name only (a valid signature while no key is kept).</param>
/// <param name="SignerFingerprint">The fingerprint of the key that signed the tip (<c>SHA256:…</c>).</param>
/// <param name="Agent">When the key is an agent's, accepted through an owner-signed grant: the agent the grant names; null for the entity's own key.</param>
public sealed record SnapshotSignature(IdentityProof Proof, string SignerFingerprint, string? Agent);
