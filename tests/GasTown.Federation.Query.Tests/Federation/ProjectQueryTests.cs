using GasTown.Federation.Model;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Federation;

public sealed class ProjectQueryTests : IDisposable
{
    private const string Proj = Acme + "/projects/";
    private readonly AcmeFederation federation = new();

    [Fact]
    public async Task Project_without_delegated_work_is_the_project_and_its_descendants()
    {
        var result = await federation.Queries().ListByProjectAsync("proj-1", includeDelegated: false, cancellationToken: TestContext.Current.CancellationToken);

        result.Project.ToString().ShouldBe(Proj + "proj-1");
        result.Items.Select(i => i.Uri.ToString()).ShouldBe([Proj + "proj-1", Proj + "proj-1.1", Proj + "proj-1.1.1", Proj + "proj-1.2"]);
        result.Delegations.ShouldBeEmpty();
        result.Unreachable.ShouldBeEmpty();
        result.Stop.ShouldBe(FederationWalkStop.Complete);
    }

    [Fact]
    public async Task Project_with_delegated_work_follows_delegations_two_levels_deep_across_chains()
    {
        var result = await federation.Queries().ListByProjectAsync($"{Acme}/proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);

        result.Items.Select(i => i.Uri.ToString()).ShouldBe(
        [
            Proj + "proj-1", Proj + "proj-1.1", Proj + "proj-1.1.1", Proj + "proj-1.2",
            Alice + "/gastown/gt-1", Alice + "/gastown/gt-1.1",
            Bob + "/web/bb-1", Bob + "/web/bb-2", Bob + "/web/bb-3",
            Carol + "/work/ca-1", Carol + "/work/ca-1.1",
        ], ignoreOrder: true);
        result.Unreachable.ShouldBe([new UnreachableItem(Ghost + "/gh-9", UnreachableReason.NotRegistered, result.Unreachable[0].Message, GtUri.Parse(Proj + "proj-1.2"))]);
        // Said once, in the library's own words: no CLI named, the provider's restatement not appended.
        result.Unreachable[0].Message.ShouldBe(
            $"Chain {Ghost} is not registered; register it as a remote (its gt:// URI and git URL) and fetch it to follow this reference.");
        result.UnverifiedClaims.ShouldBeEmpty();
    }

    [Fact]
    public async Task Delegated_portions_cascade_completion_with_who_closed_each_child()
    {
        var result = await federation.Queries().ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);

        // Records holding lists compare lists by reference, so compare flattened rows (ordered as returned: by parent, portion, child).
        var rows = result.Delegations.SelectMany(p => p.Children.Select(c =>
            $"{p.Parent} [{p.Portion}] due={p.Deadline} complete={p.IsComplete} -> {c.Uri} status={c.Status} closed={c.IsClosed} at={c.ClosedAt} by={c.ClosedBy} owner={c.Owner} accepted={c.AcceptedByChild} unreachable={c.Unreachable}"));
        rows.ShouldBe(
        [
            $"{Proj}proj-1 [backend] due=2026-01-15 complete=True -> {Alice}/gastown/gt-1 status=closed closed=True at=2026-01-10T12:00:00Z by=gastown/polecats/nux owner=alice@example.com accepted=True unreachable=",
            $"{Proj}proj-1.1 [frontend] due= complete=False -> {Bob}/web/bb-1 status=closed closed=True at=2026-01-05T10:00:00Z by=web/crew/bob owner=bob@example.com accepted=False unreachable=",
            $"{Proj}proj-1.1 [frontend] due= complete=False -> {Bob}/web/bb-2 status=open closed=False at= by= owner=bob@example.com accepted=False unreachable=",
            $"{Proj}proj-1.2 [translation] due= complete=False -> {Ghost}/gh-9 status= closed=False at= by= owner=ghost.org accepted=False unreachable=NotRegistered",
            $"{Alice}/gastown/gt-1 [migrations] due= complete=False -> {Carol}/work/ca-1 status=open closed=False at= by= owner=carol@freelance.dev accepted=False unreachable=",
        ]);
    }

    [Fact]
    public async Task A_delegated_subtree_lists_from_its_own_chain_too()
    {
        var result = await federation.Queries().ListByProjectAsync($"{Alice}/gastown/gt-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);

        result.Items.Select(i => i.Uri.ToString()).ShouldBe([Alice + "/gastown/gt-1", Alice + "/gastown/gt-1.1", Carol + "/work/ca-1", Carol + "/work/ca-1.1"], ignoreOrder: true);
        result.Delegations.Single().IsComplete.ShouldBeFalse();
    }

    [Fact]
    public async Task Filter_narrows_the_listed_items_but_not_the_walk()
    {
        var result = await federation.Queries().ListByProjectAsync("proj-1", includeDelegated: true, new WorkFilter(Status: WorkStatus.Closed), TestContext.Current.CancellationToken);

        result.Items.Select(i => i.Uri.ToString()).ShouldBe([Proj + "proj-1.2", Alice + "/gastown/gt-1", Alice + "/gastown/gt-1.1", Bob + "/web/bb-1", Carol + "/work/ca-1.1"], ignoreOrder: true);
    }

    [Fact]
    public async Task Chain_limit_stops_loading_and_reports_what_it_left_out()
    {
        var queries = federation.Queries(new QueryOptions { MaxChains = 2 });

        var result = await queries.ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);

        // acme (local) and the first chain crossed into (alice, by URI order) load; bob and ghost do not.
        result.Items.Select(i => i.Uri.ToString()).ShouldBe(
            [Proj + "proj-1", Proj + "proj-1.1", Proj + "proj-1.1.1", Proj + "proj-1.2", Alice + "/gastown/gt-1", Alice + "/gastown/gt-1.1"], ignoreOrder: true);
        result.Unreachable.Select(u => (u.Target, u.Reason)).ShouldBe(
        [
            (Bob + "/web/bb-1", UnreachableReason.ChainLimit),
            (Bob + "/web/bb-2", UnreachableReason.ChainLimit),
            (Carol + "/work/ca-1", UnreachableReason.ChainLimit),
            (Ghost + "/gh-9", UnreachableReason.ChainLimit),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Depth_and_node_limits_cut_the_walk_and_say_so()
    {
        var shallow = await federation.Queries(new QueryOptions { MaxDepth = 1 }).ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);
        shallow.Items.Select(i => i.Uri.ToString()).ShouldBe([Proj + "proj-1", Proj + "proj-1.1", Proj + "proj-1.2", Alice + "/gastown/gt-1"], ignoreOrder: true);
        shallow.Stop.ShouldBe(FederationWalkStop.DepthLimit);

        var small = await federation.Queries(new QueryOptions { MaxNodes = 3 }).ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);
        small.Items.Count.ShouldBe(3);
        small.Stop.ShouldBe(FederationWalkStop.NodeLimit);
    }

    [Fact]
    public async Task Unknown_project_and_bad_reference_fail_with_typed_errors()
    {
        var queries = federation.Queries();

        var missing = await Should.ThrowAsync<FederationQueryException>(() => queries.ListByProjectAsync("proj-99", true, cancellationToken: TestContext.Current.CancellationToken).AsTask());
        missing.Error.ShouldBe(FederationQueryError.NotFound);
        var bad = await Should.ThrowAsync<FederationQueryException>(() => queries.ListByProjectAsync("gt://", true, cancellationToken: TestContext.Current.CancellationToken).AsTask());
        bad.Error.ShouldBe(FederationQueryError.BadInput);
        var unavailable = await Should.ThrowAsync<FederationQueryException>(() => queries.ListByProjectAsync(Ghost + "/gh-1", true, cancellationToken: TestContext.Current.CancellationToken).AsTask());
        unavailable.Error.ShouldBe(FederationQueryError.Unavailable);
        unavailable.Reason.ShouldBe(UnreachableReason.NotRegistered);
    }

    public void Dispose() => federation.Dispose();
}
