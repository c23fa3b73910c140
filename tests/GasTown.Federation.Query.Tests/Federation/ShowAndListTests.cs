using GasTown.Federation.Model;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Federation;

public sealed class ShowAndListTests : IDisposable
{
    private const string Proj = Acme + "/projects/";
    private readonly AcmeFederation federation = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_resolves_a_gt_uri_dependency_into_another_chain_with_its_status_and_title()
    {
        var shown = await federation.Queries().ShowAsync("proj-2", Ct);

        shown.WorkUnit.Uri.ToString().ShouldBe(Proj + "proj-2");
        shown.WorkUnit.Chain.ToString().ShouldBe(Acme);
        shown.WorkUnit.Rig.ShouldBe("projects");
        shown.DataAsOf.ShouldBeNull();
        shown.Dependencies.ShouldBe([Typed.Dependency($"{Alice}/gastown/gt-2", "blocks", $"{Alice}/gastown/gt-2", "open", "Alice open task", null)]);
        shown.Unreachable.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("proj-4")]
    [InlineData("projects/proj-4")]
    [InlineData(Acme + "/proj-4")]
    [InlineData(Acme + "/projects/proj-4")]
    [InlineData("hop://acme.com/projects/proj-4")]
    public async Task Show_accepts_every_reference_form_and_routes_local_ids(string reference)
    {
        var shown = await federation.Queries().ShowAsync(reference, Ct);

        shown.WorkUnit.Uri.ToString().ShouldBe(Proj + "proj-4");
        shown.Dependencies.ShouldBe(
        [
            Typed.Dependency("proj-1.2", "blocks", Proj + "proj-1.2", "closed", "Docs", null),
            Typed.Dependency("proj-3", "discovered-from", Proj + "proj-3", "open", "Partner deal", null),
        ]);
    }

    [Fact]
    public async Task Show_resolves_external_references_to_the_rig_of_the_same_chain()
    {
        var shown = await federation.Queries().ShowAsync("proj-5", Ct);

        shown.Dependencies.ShouldBe([Typed.Dependency("external:tools:tl-1", "blocks", Acme + "/tools/tl-1", "closed", "Tooling", null)]);
    }

    [Fact]
    public async Task Show_reports_unregistered_chains_and_private_rigs_as_unreachable()
    {
        var queries = federation.Queries();

        var partner = await queries.ShowAsync("proj-3", Ct);
        partner.Dependencies.ShouldBe([Typed.Dependency($"{Ghost}/gh-1", "blocks", $"{Ghost}/gh-1", null, null, UnreachableReason.NotRegistered)]);
        partner.Unreachable.Select(u => (u.Target, u.Reason, u.ReferencedFrom?.ToString())).ShouldBe([($"{Ghost}/gh-1", UnreachableReason.NotRegistered, Proj + "proj-3")]);

        var secret = await queries.ShowAsync($"{Alice}/gastown/gt-4", Ct);
        secret.Dependencies.ShouldBe([Typed.Dependency("sc-1", "blocks", $"{Alice}/secret/sc-1", null, null, UnreachableReason.UnknownId)]);
        secret.Unreachable.Single().Reason.ShouldBe(UnreachableReason.UnknownId);
    }

    [Fact]
    public async Task Show_of_a_missing_unit_or_without_context_fails_with_a_typed_error()
    {
        var queries = federation.Queries();

        (await Should.ThrowAsync<FederationQueryException>(() => queries.ShowAsync("proj-404", Ct).AsTask())).Error.ShouldBe(FederationQueryError.NotFound);
        (await Should.ThrowAsync<FederationQueryException>(() => queries.ShowAsync("not a reference", Ct).AsTask())).Error.ShouldBe(FederationQueryError.BadInput);
        (await Should.ThrowAsync<FederationQueryException>(() => queries.ShowAsync(Acme, Ct).AsTask())).Error.ShouldBe(FederationQueryError.BadInput);

        var noLocal = new FederationQueries(new FolderChainProvider(new ChainLoader()).Add(GtUri.Parse(Bob), federation.BobTown.Root));
        var error = await Should.ThrowAsync<FederationQueryException>(() => noLocal.ShowAsync("bb-1", Ct).AsTask());
        error.Error.ShouldBe(FederationQueryError.BadInput);
        error.Message.ShouldContain("no local town");
        (await noLocal.ShowAsync($"{Bob}/bb-1", Ct)).WorkUnit.Title.ShouldBe("Landing page");
    }

    [Fact]
    public async Task List_by_remote_returns_every_unit_of_that_chain_filtered_by_status_and_type()
    {
        var queries = federation.Queries();

        var all = await queries.ListByRemoteAsync("bob", cancellationToken: Ct);
        all.Chain.ToString().ShouldBe(Bob);
        all.Items.Select(i => i.Id).ShouldBe(["bb-1", "bb-2", "bb-3", "bb-4"]);
        all.Unreachable.ShouldBeEmpty();

        (await queries.ListByRemoteAsync("bob", new WorkFilter(Status: WorkStatus.Open), Ct)).Items.Select(i => i.Id).ShouldBe(["bb-2", "bb-3", "bb-4"]);
        (await queries.ListByRemoteAsync(Acme, new WorkFilter(IssueType: new WorkType("bug")), Ct)).Items.Select(i => i.Id).ShouldBe(["proj-1.1.1"]);
        (await queries.ListByRemoteAsync("alice", new WorkFilter(WorkStatus.Closed, new WorkType("task")), Ct)).Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-1.1"]);

        var unknown = await Should.ThrowAsync<FederationQueryException>(() => queries.ListByRemoteAsync("nobody", cancellationToken: Ct).AsTask());
        unknown.Error.ShouldBe(FederationQueryError.NotFound);
        unknown.Message.ShouldContain("alice, bob, carol");
    }

    [Fact]
    public async Task List_by_remote_reports_a_chain_whose_identity_does_not_match()
    {
        // Register bob's folder under carol's URI: town.json says bob, so the chain is refused, not listed.
        var spoofed = new NamedChainProvider(
            new FolderChainProvider(new ChainLoader(), GtUri.Parse(Acme)).Add(GtUri.Parse(Acme), federation.AcmeTown.Root).Add(GtUri.Parse(Carol), federation.BobTown.Root),
            new Dictionary<GtUri, string> { [GtUri.Parse(Carol)] = "carol" });

        var result = await new FederationQueries(spoofed).ListByRemoteAsync("carol", cancellationToken: Ct);

        result.Items.ShouldBeEmpty();
        result.Unreachable.Select(u => (u.Target, u.Reason)).ShouldBe([(Carol, UnreachableReason.IdentityMismatch)]);
    }

    public void Dispose() => federation.Dispose();
}
