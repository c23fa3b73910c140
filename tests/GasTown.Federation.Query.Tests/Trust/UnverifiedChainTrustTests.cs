using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Trust;

/// <summary>
/// Issue 11, "unverified chains vouch for employment": a remote registered as <c>gt://acme.com/projects</c> whose data
/// cannot prove it is acme's (a town.json without owner, or a one-rig repository) asserts that mallory@evil.com
/// works for acme.com. Every verdict must be TrustEvaluator's: she is no member, her work is not counted, and the
/// chain is reported with its unverified identity.
/// </summary>
public sealed class UnverifiedChainTrustTests : IDisposable
{
    private const string Observer = "gt://observer@example.com/town";
    private const string AcmeUri = "gt://acme.com/projects";
    private const string Mallory = "gt://mallory@evil.com/den";
    private readonly TempDirectory temp = new("gtfed-trust");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ownerless_town_registered_as_the_organisation_does_not_make_mallory_a_member()
    {
        var impostor = TownBuilder.At(temp.Combine("impostor")).Named("projects").OwnedBy(null)
            .WithRig("projects", "proj-", r => r.WithIssue("proj-1", "Looks like acme's"))
            .WithEmployment("mallory@evil.com", "acme.com")
            .Build();

        var result = await QueriesWith(impostor.Root, singleRigName: null).ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        AssertMalloryIsNoMember(result);
    }

    [Fact]
    public async Task A_one_rig_repository_registered_as_the_organisation_does_not_make_mallory_a_member()
    {
        var impostor = TownBuilder.SingleRigRepository(temp.Combine("one-rig"), r => r.WithIssue("bd-1", "Looks like acme's"))
            .WithEmployment("mallory@evil.com", "acme.com")
            .Build();

        var result = await QueriesWith(impostor.Root, singleRigName: "projects").ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        AssertMalloryIsNoMember(result);
    }

    [Fact]
    public async Task An_ownerless_parent_chain_cannot_pull_another_chain_into_a_project_by_asserting_a_delegation()
    {
        var impostor = TownBuilder.At(temp.Combine("impostor")).Named("projects").OwnedBy(null)
            .WithRig("projects", "proj-", r => r.WithIssue("proj-1", "Project"))
            .WithDelegation($"{AcmeUri}/proj-1", $"{Mallory}/work/mw-1", portion: "all of it")
            .Build();

        var result = await QueriesWith(impostor.Root, singleRigName: null)
            .ListByProjectAsync($"{AcmeUri}/proj-1", includeDelegated: true, cancellationToken: Ct);

        result.Items.Select(i => i.Uri.ToString()).ShouldBe([$"{AcmeUri}/projects/proj-1"]);
        result.Delegations.ShouldBeEmpty();
        var claim = result.UnverifiedClaims.ShouldHaveSingleItem();
        claim.Type.ShouldBe("delegation");
        claim.Subject.ShouldBe($"{Mallory}/work/mw-1");
        claim.Reason.ShouldContain("identity is unverified");
        result.Chains.Single(c => c.Chain == GtUri.Parse(AcmeUri)).Trust.ShouldBe(ChainTrust.UnverifiedIdentity);
    }

    [Fact]
    public async Task The_same_claims_from_the_verified_organisation_chain_do_count()
    {
        // The control: with acme's own town.json the very same employment is verified and mallory's work counts.
        var acme = TownBuilder.At(temp.Combine("acme")).Named("projects").OwnedBy("acme.com")
            .WithRig("projects", "proj-", r => r.WithIssue("proj-1", "Acme's"))
            .WithEmployment("mallory@evil.com", "acme.com")
            .Build();

        var result = await QueriesWith(acme.Root, singleRigName: null).ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        result.Members.Select(m => m.Entity.Value).ShouldBe(["mallory@evil.com"]);
        result.Items.Select(i => i.WorkUnit.Id).ShouldBe(["mw-1"]);
        result.Chains.Single(c => c.Chain == GtUri.Parse(AcmeUri)).Trust.ShouldBe(ChainTrust.Verified);
    }

    public void Dispose() => temp.Dispose();

    private static void AssertMalloryIsNoMember(OrganizationWorkResult result)
    {
        result.Members.ShouldBeEmpty();
        result.Items.ShouldBeEmpty();
        var claim = result.UnverifiedClaims.ShouldHaveSingleItem();
        (claim.Type, claim.Subject, claim.Object, claim.AssertedBy.ToString()).ShouldBe(("employment", "mallory@evil.com", "acme.com", AcmeUri));
        claim.Status.ShouldNotBe(TrustStatus.Verified);
        claim.Reason.ShouldContain("identity is unverified");
        var acme = result.Chains.Single(c => c.Chain == GtUri.Parse(AcmeUri));
        acme.Trust.ShouldBe(ChainTrust.UnverifiedIdentity);
        acme.Notes.ShouldContain(n => n.Contains("cannot be verified", StringComparison.Ordinal));
    }

    private FederationQueries QueriesWith(string impostorRoot, string? singleRigName)
    {
        var observer = TownBuilder.At(temp.Combine("observer")).Named("town").OwnedBy("observer@example.com")
            .WithRig("notes", "nt-", r => r.WithIssue("nt-1", "Observer's own"))
            .Build();
        var mallory = TownBuilder.At(temp.Combine("mallory")).Named("den").OwnedBy("mallory@evil.com")
            .WithRig("work", "mw-", r => r.WithIssue("mw-1", "Mallory's work"))
            .Build();
        var provider = new FolderChainProvider(new ChainLoader(), GtUri.Parse(Observer))
            .Add(GtUri.Parse(Observer), observer.Root)
            .Add(GtUri.Parse(AcmeUri), impostorRoot, singleRigName)
            .Add(GtUri.Parse(Mallory), mallory.Root);
        return new FederationQueries(provider);
    }
}
