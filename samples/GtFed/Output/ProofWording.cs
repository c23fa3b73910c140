using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GtFed;

/// <summary>How far a chain's identity is proven (<see cref="IdentityProof"/>), in the words docs/identity.md uses.</summary>
internal static class ProofWording
{
    /// <param name="proof">The chain's proof; null for the town's own chain (or a provider that does not judge signatures).</param>
    public static string Describe(IdentityProof? proof) => proof switch
    {
        IdentityProof.PublishedKey => "verified, signed by a key the entity publishes (published key)",
        IdentityProof.PinnedKey => "verified, signed by the key pinned for it, on first use or accepted by you (pinned key)",
        IdentityProof.NameOnly => "name only (unsigned: whoever can write to its URL)",
        _ => "this town's own chain",
    };

    /// <summary>What an event line's signature proves, for the audit's third line.</summary>
    public static string Describe(EventLineProof proof) => proof.State switch
    {
        EventSignatureState.SignedByKey => $"signed by the entity's key {proof.Signer}",
        EventSignatureState.ViaGrant => $"signed by {proof.Agent}'s own key {proof.Signer}, through the owner's grant",
        EventSignatureState.Unsigned => "unsigned",
        _ => $"SIGNATURE REFUSED ({proof.State}): {proof.Problem}",
    };

    /// <summary>How a fetched tip was accepted, for the line under <c>gtfed fetch</c>'s.</summary>
    public static string Describe(SnapshotSignature signature) => signature.Agent is null
        ? $"tip signed by {signature.SignerFingerprint}: {Describe(signature.Proof)}"
        : $"tip signed by {signature.Agent}'s own key {signature.SignerFingerprint}, through the owner's grant: {Describe(signature.Proof)}";
}
