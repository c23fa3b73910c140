using GasTown.Federation.Model;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Federation;

public sealed class OrganizationAndReadyTests : IDisposable
{
    private const string Proj = Acme + "/projects/";
    private readonly AcmeFederation federation = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Organization_members_are_only_those_its_own_chain_employs_and_the_contractor_is_unverified()
    {
        var result = await federation.Queries().ListByOrganizationAsync(EntityId.Parse("ACME.com"), cancellationToken: Ct);

        result.Organization.Value.ShouldBe("acme.com");
        result.Members.ShouldBe([new OrganizationMember(EntityId.Parse("alice@example.com"), GtUri.Parse(Acme)), new OrganizationMember(EntityId.Parse("bob@example.com"), GtUri.Parse(Acme))]);
        result.UnverifiedClaims.Select(c => (c.Type, c.Subject, c.Object, c.AssertedBy.ToString())).ShouldBe([("employment", "carol@freelance.dev", "acme.com", Carol)]);
        result.Unreachable.ShouldBeEmpty();
    }

    [Fact]
    public async Task Organization_work_is_the_members_own_chains_and_an_assignee_elsewhere_pulls_nothing_in()
    {
        var result = await federation.Queries().ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        // Issue 11: carol's ca-2 names alice as assignee, but carol's chain does not speak for acme.com, so the
        // assignee alone no longer pulls it into acme's view (it was listed as alice's work before).
        result.Items.Select(i => (i.WorkUnit.Uri.ToString(), i.Member.Value, i.Attribution)).ShouldBe(
        [
            (Alice + "/gastown/gt-1", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-1.1", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-2", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-3", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-4", "alice@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-1", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-2", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-3", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-4", "bob@example.com", WorkAttribution.OwnChain),
        ]);

        var open = await federation.Queries().ListByOrganizationAsync(EntityId.Parse("acme.com"), new WorkFilter(Status: WorkStatus.Open), Ct);
        open.Items.Select(i => i.WorkUnit.Id).ShouldBe(["gt-2", "gt-3", "gt-4", "bb-2", "bb-3", "bb-4"]);
    }

    [Fact]
    public async Task Organization_that_asserts_nothing_has_no_members_and_no_work()
    {
        var result = await federation.Queries().ListByOrganizationAsync(EntityId.Parse("freelance.dev"), cancellationToken: Ct);

        result.Members.ShouldBeEmpty();
        result.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ready_work_spans_chains_and_blocked_work_names_its_blockers()
    {
        var result = await federation.Queries().GetReadyWorkAsync(Ct);

        // Priority first (proj-4 is P0, proj-1 P1, bb-4 P3, the rest P2), then URI.
        result.Ready.Select(r => r.Uri.ToString()).ShouldBe(
        [
            Proj + "proj-4",
            Proj + "proj-1",
            Proj + "proj-5",
            Bob + "/web/bb-2",
            Bob + "/web/bb-3",
            Carol + "/work/ca-1",
            Carol + "/work/ca-2",
            Bob + "/web/bb-4",
        ]);
        result.Blocked.Select(b => $"{b.WorkUnit.Uri} <- {string.Join(", ", b.Blockers)}").ShouldBe(
        [
            $"{Proj}proj-1.1 <- {Bob}/web/bb-2",
            $"{Proj}proj-1.1.1 <- {Proj}proj-1.1",
            $"{Proj}proj-2 <- {Alice}/gastown/gt-2",
            $"{Proj}proj-3 <- {Ghost}/gh-1",
            $"{Alice}/gastown/gt-2 <- {Alice}/gastown/gt-3",
            $"{Alice}/gastown/gt-3 <- {Alice}/gastown/gt-2",
            $"{Alice}/gastown/gt-4 <- {Alice}/secret/sc-1",
        ]);
        result.Unreachable.Select(u => (u.Target, u.Reason, u.ReferencedFrom?.ToString())).ShouldBe(
        [
            ($"{Alice}/secret/sc-1", UnreachableReason.UnknownId, $"{Alice}/gastown/gt-4"),
            ($"{Ghost}/gh-1", UnreachableReason.NotRegistered, Proj + "proj-3"),
        ]);
    }

    public void Dispose() => federation.Dispose();
}
