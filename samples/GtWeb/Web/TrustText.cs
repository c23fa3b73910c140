using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtWeb;

/// <summary>
/// A chain's trust as a page says it: how far its owner is proven, with the proof. The trust alone read "Verified" for a
/// chain whose town.json only names its owner, its snapshot unsigned (anyone who can write to its URL), as for one signed
/// by a key its owner publishes.
/// </summary>
internal static class TrustText
{
    public static string Of(ChainState state) => state.Trust switch
    {
        ChainTrust.Verified => state.Proof switch
        {
            IdentityProof.PublishedKey => "Verified: signed by a key its owner publishes",
            IdentityProof.PinnedKey => "Verified: signed by the key pinned for its owner",
            IdentityProof.NameOnly => "Name only: unsigned, its town.json names the owner (anyone who can write to its URL could)",
            _ => "Verified",
        },
        ChainTrust.UnverifiedIdentity => "Unverified: nothing names its owner",
        ChainTrust.OlderSnapshot => "Older snapshot: its newest was refused",
        _ => state.Trust.ToString(),
    };
}
