using GasTown.Federation.Model;

namespace GtFed;

/// <summary>How far a chain's identity is proven (<see cref="IdentityProof"/>), in the words docs/identity.md uses.</summary>
internal static class ProofWording
{
    /// <param name="proof">The chain's proof; null for the town's own chain (or a provider that does not judge signatures).</param>
    public static string Describe(IdentityProof? proof) => proof switch
    {
        IdentityProof.PublishedKey => "verified, signed by a key the entity publishes (published key)",
        IdentityProof.PinnedKey => "verified, signed by the key pinned on first use (pinned key)",
        IdentityProof.NameOnly => "name only (unsigned: whoever can write to its URL)",
        _ => "this town's own chain",
    };
}
