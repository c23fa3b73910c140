using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>A relationship as one chain asserts it, with the trust it earns (see <see cref="TrustEvaluator"/>).</summary>
/// <param name="Relationship">The relationship.</param>
/// <param name="AssertedBy">The chain (<c>gt://entity/chain</c>) whose relationships.jsonl or beads assert it.</param>
/// <param name="Status">The trust it earns.</param>
/// <param name="Reason">Why it has that status, in words for a person, e.g. "asserted by the parent's chain gt://acme.com/hq; the child's chain gt://bob@example.com/town has not accepted it".</param>
public sealed record RelationshipClaim(Relationship Relationship, GtUri AssertedBy, TrustStatus Status, string? Reason = null)
{
    /// <summary>
    /// Whether the asserting chain's identity was verified (<see cref="Chain.IsIdentityVerified"/>): false for a
    /// one-rig repository or a town.json without owner, whose URI is only what it was registered under. Such a chain
    /// can never make a relationship <see cref="TrustStatus.Verified"/>. <see cref="ChainLoader"/> sets it from the
    /// chain; a claim built by hand is taken as verified unless told otherwise.
    /// </summary>
    public bool IsAsserterIdentityVerified { get; init; } = true;

    /// <summary>
    /// How far the asserting chain's identity is proven by keys (<see cref="ChainResult.IdentityProof"/>), or null when
    /// its provider does not judge signatures (the local town, folder providers). Employment asserted by a chain whose
    /// proof is <see cref="IdentityProof.NameOnly"/> is never verified: anyone serving that URL could have said it.
    /// </summary>
    public IdentityProof? AsserterProof { get; init; }

    /// <summary>Whether the claim is verified.</summary>
    public bool IsVerified => Status == TrustStatus.Verified;
}
