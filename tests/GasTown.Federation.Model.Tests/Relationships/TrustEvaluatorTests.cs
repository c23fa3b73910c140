namespace GasTown.Federation.Model.Tests.Relationships;

public sealed class TrustEvaluatorTests
{
    private static readonly GtUri Acme = GtUri.Parse("gt://acme.com/hq");
    private static readonly GtUri AcmeOther = GtUri.Parse("gt://acme.com/projects");
    private static readonly GtUri Alice = GtUri.Parse("gt://alice@example.com/town");
    private static readonly GtUri Bob = GtUri.Parse("gt://bob@example.com/home");
    private static readonly GtUri Mallory = GtUri.Parse("gt://mallory@evil.com/fake");

    private static readonly EmploymentRelationship AliceAtAcme = new(EntityId.Parse("alice@example.com"), EntityId.Parse("acme.com"));

    private static readonly DelegationRelationship AcmeToAlice = new(
        GtUri.Parse("gt://acme.com/hq/eng/ac-1"),
        GtUri.Parse("gt://alice@example.com/town/gastown/gt-9"),
        new DelegationTerms("backend"));

    // The same delegation as the child writes it: no rigs, other terms. Still the same delegation.
    private static readonly DelegationRelationship AcmeToAliceAsAliceWritesIt = new(
        GtUri.Parse("gt://acme.com/hq/ac-1"),
        GtUri.Parse("gt://alice@example.com/town/gt-9"),
        new DelegationTerms("backend", "2026-02-01"));

    public static TheoryData<string, RelationshipClaim[], TrustStatus[]> Cases => new()
    {
        { "employment asserted by the organisation's own chain", [Claim(AliceAtAcme, Acme)], [TrustStatus.Verified] },
        { "employment asserted by another chain of the organisation", [Claim(AliceAtAcme, AcmeOther)], [TrustStatus.Verified] },
        { "employment claimed by the employee alone", [Claim(AliceAtAcme, Alice)], [TrustStatus.Claimed] },
        { "employment claimed by the employee, confirmed by the organisation", [Claim(AliceAtAcme, Alice), Claim(AliceAtAcme, Acme)], [TrustStatus.Verified, TrustStatus.Verified] },
        { "employment asserted by a third party", [Claim(AliceAtAcme, Mallory)], [TrustStatus.Unverified] },
        { "delegation asserted by the parent's chain only", [Claim(AcmeToAlice, Acme)], [TrustStatus.Claimed] },
        { "delegation asserted by the child's chain only", [Claim(AcmeToAlice, Alice)], [TrustStatus.Claimed] },
        { "delegation asserted by parent and accepted by child", [Claim(AcmeToAlice, Acme), Claim(AcmeToAliceAsAliceWritesIt, Alice)], [TrustStatus.Verified, TrustStatus.Verified] },
        { "delegation asserted by another chain of the parent's organisation", [Claim(AcmeToAlice, AcmeOther), Claim(AcmeToAlice, Alice)], [TrustStatus.Unverified, TrustStatus.Claimed] },
        { "delegation asserted by a third party", [Claim(AcmeToAlice, Mallory)], [TrustStatus.Unverified] },
        { "delegation accepted by the wrong child", [Claim(AcmeToAlice, Acme), Claim(AcmeToAlice, Bob)], [TrustStatus.Claimed, TrustStatus.Unverified] },
        {
            "cross-reference by its source's chain, and by another",
            [Claim(new CrossReferenceRelationship(GtUri.Parse("gt://bob@example.com/home/bd-1"), []), Bob), Claim(new CrossReferenceRelationship(GtUri.Parse("gt://bob@example.com/home/bd-1"), []), Alice)],
            [TrustStatus.Verified, TrustStatus.Unverified]
        },
        { "unknown relationship type", [Claim(new UnknownRelationship("mentorship", default), Acme)], [TrustStatus.Unverified] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_trust_from_who_asserts_what(string @case, RelationshipClaim[] claims, TrustStatus[] expected)
    {
        var evaluated = TrustEvaluator.Evaluate(claims);
        evaluated.Select(c => c.Status).ShouldBe(expected, @case);
        evaluated.Select(c => c.AssertedBy).ShouldBe(claims.Select(c => c.AssertedBy));
        evaluated.ShouldAllBe(c => !string.IsNullOrEmpty(c.Reason));
    }

    [Fact]
    public void Reasons_name_the_chains_that_are_missing()
    {
        var claimed = TrustEvaluator.Evaluate(AcmeToAlice, Acme);
        claimed.Status.ShouldBe(TrustStatus.Claimed);
        claimed.Reason.ShouldBe("asserted by the parent's chain gt://acme.com/hq; the child's chain gt://alice@example.com/town has not accepted it");

        TrustEvaluator.Evaluate(AliceAtAcme, Alice).Reason.ShouldBe("asserted by the employee's own chain gt://alice@example.com/town; no chain of acme.com confirms it");
    }

    public static TheoryData<string, RelationshipClaim[], TrustStatus[]> UnverifiedAsserterCases => new()
    {
        { "employment asserted by an unverified chain of the organisation", [Unverified(AliceAtAcme, Acme)], [TrustStatus.Claimed] },
        { "employment claimed by the employee, 'confirmed' by an unverified chain of the organisation", [Claim(AliceAtAcme, Alice), Unverified(AliceAtAcme, Acme)], [TrustStatus.Claimed, TrustStatus.Claimed] },
        { "employment asserted by an unverified and a verified chain of the organisation", [Unverified(AliceAtAcme, AcmeOther), Claim(AliceAtAcme, Acme)], [TrustStatus.Verified, TrustStatus.Verified] },
        { "employment asserted by an unverified third party", [Unverified(AliceAtAcme, Mallory)], [TrustStatus.Unverified] },
        { "delegation asserted by an unverified parent's chain and accepted by the child", [Unverified(AcmeToAlice, Acme), Claim(AcmeToAliceAsAliceWritesIt, Alice)], [TrustStatus.Claimed, TrustStatus.Claimed] },
        { "delegation asserted by the parent and accepted by an unverified child's chain", [Claim(AcmeToAlice, Acme), Unverified(AcmeToAliceAsAliceWritesIt, Alice)], [TrustStatus.Claimed, TrustStatus.Claimed] },
        { "cross-reference by its unverified source's chain", [Unverified(new CrossReferenceRelationship(GtUri.Parse("gt://bob@example.com/home/bd-1"), []), Bob)], [TrustStatus.Claimed] },
    };

    [Theory]
    [MemberData(nameof(UnverifiedAsserterCases))]
    public void A_chain_whose_identity_is_unverified_never_makes_a_relationship_verified(string @case, RelationshipClaim[] claims, TrustStatus[] expected)
    {
        var evaluated = TrustEvaluator.Evaluate(claims);
        evaluated.Select(c => c.Status).ShouldBe(expected, @case);
        evaluated.Select(c => c.IsAsserterIdentityVerified).ShouldBe(claims.Select(c => c.IsAsserterIdentityVerified), @case);
        evaluated.Where(c => !c.IsAsserterIdentityVerified && !c.IsVerified)
            .ShouldAllBe(c => c.Reason!.Contains("asserting chain's identity is unverified"), @case);
    }

    [Fact]
    public void A_previous_status_is_ignored_claims_are_re_evaluated_from_scratch()
        => TrustEvaluator.Evaluate([new RelationshipClaim(AliceAtAcme, Mallory, TrustStatus.Verified, "trust me")])
            .ShouldHaveSingleItem().Status.ShouldBe(TrustStatus.Unverified);

    [Fact]
    public void A_claim_must_name_the_chain_that_asserts_it()
    {
        Should.Throw<ArgumentException>(() => TrustEvaluator.Evaluate(AliceAtAcme, GtUri.Parse("gt://acme.com"))).Message.ShouldContain("gt://entity/chain");
        Should.Throw<ArgumentException>(() => TrustEvaluator.Evaluate(AliceAtAcme, default));

        // A work-unit URI stands for its chain.
        TrustEvaluator.Evaluate(AliceAtAcme, GtUri.Parse("gt://acme.com/hq/ac-1")).AssertedBy.ShouldBe(Acme);
    }

    private static RelationshipClaim Claim(Relationship relationship, GtUri assertedBy) => new(relationship, assertedBy, TrustStatus.Unverified);

    private static RelationshipClaim Unverified(Relationship relationship, GtUri assertedBy) => Claim(relationship, assertedBy) with { IsAsserterIdentityVerified = false };
}
