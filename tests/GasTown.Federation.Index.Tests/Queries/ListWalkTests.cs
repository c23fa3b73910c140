using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using static GasTown.Federation.Index.Tests.Federations.OrgFederation;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A remote's list answers from the index as loading its chain does, and the walks (<see cref="FederationQueries.WalkByRemoteAsync"/>
/// and its siblings) give a whole list page by page: each unit once, in the list's order, each page parsing only its own
/// lines while the index answers, the whole listing loaded once (not once per page) when it cannot, and cancellation
/// honoured between pages.
/// </summary>
public sealed class ListWalkTests
{
    private const int Extra = 2_500;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("alice", null)]
    [InlineData("alice", "open")]
    [InlineData("bob", "closed")]
    [InlineData("carol", null)]
    [InlineData(Acme, null)]
    public async Task The_remote_list_from_the_index_is_what_loading_the_chain_answers(string remote, string? status)
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var filter = status is null ? null : new WorkFilter(new WorkStatus(status));

        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync(remote, filter, Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.ListByRemoteAsync(remote, filter, Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        indexed.Items.Count.ShouldBeGreaterThan(0);
        Document(indexed, remote).ShouldBe(Document(loaded, remote));
        (town.Index.LinesParsedForAnswers - before).ShouldBe(indexed.Items.Count);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_registered_but_never_fetched_is_reported_unreachable_from_the_index_as_by_a_load()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        town.Remotes.Add("ghost", Path.Combine(federation.AcmeTown.Root, "no-such-repository"), GtUri.Parse(Ghost));
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().ListByRemoteAsync("ghost", cancellationToken: Ct);
        var indexed = await town.Queries.ListByRemoteAsync("ghost", cancellationToken: Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        indexed.Items.ShouldBeEmpty();
        indexed.Unreachable.Single().Reason.ShouldBe(UnreachableReason.NeverFetched);
        Document(indexed, "ghost").ShouldBe(Document(loaded, "ghost"));
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByRemoteAsync("nobody", cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.NotFound);
    }

    [Fact]
    public async Task Walking_a_remote_of_thousands_of_units_gives_each_once_in_order_parsing_only_each_page()
    {
        using var federation = new OrgFederation(aliceExtra: Many);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var whole = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        whole.Items.Count.ShouldBeGreaterThan(Extra);
        sources.Take();

        var walked = new List<WorkUnitSummary>();
        var pages = new List<WorkListPage>();
        var before = town.Index.LinesParsedForAnswers;
        await foreach (var page in town.Queries.WalkByRemoteAsync("alice", pageSize: 1_000, cancellationToken: Ct))
        {
            // Each page parses its own lines and the one past it (which says a next page exists), never the chain's.
            (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(1_001);
            before = town.Index.LinesParsedForAnswers;
            page.Result.Items.Count.ShouldBeLessThanOrEqualTo(1_000);
            pages.Add(page with { Result = page.Result with { Items = [] } });
            walked.AddRange(page.Result.Items);
        }

        pages.Count.ShouldBe((whole.Items.Count + 999) / 1_000);
        pages.Take(pages.Count - 1).ShouldAllBe(p => p.Next != null);
        pages[^1].Next.ShouldBeNull();
        sources.Take().ShouldBe(Enumerable.Repeat<string?>("index", pages.Count));
        walked.Select(u => u.Uri.ToString()).Distinct().Count().ShouldBe(walked.Count);
        Document(whole with { Items = walked }, "alice").ShouldBe(Document(whole, "alice"));

        // The page query gives the same pages, tokens and all.
        var first = await town.Queries.ListByRemotePageAsync("alice", 1_000, cancellationToken: Ct);
        first.Next.ShouldBe(pages[0].Next);
        var second = await town.Queries.ListByRemotePageAsync("alice", 1_000, first.Next, cancellationToken: Ct);
        second.Result.Items.Select(u => u.Uri).ShouldBe(walked.Skip(1_000).Take(1_000).Select(u => u.Uri));
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByRemotePageAsync("alice", 10, "bogus", cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        var orgToken = (await town.Queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 1, cancellationToken: Ct)).Next!;
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByRemotePageAsync("alice", 10, orgToken, cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Walking_an_organisation_of_thousands_of_units_gives_each_once_in_order_from_the_index_page_by_page()
    {
        using var federation = new OrgFederation(aliceExtra: Many);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var acme = EntityId.Parse("acme.com");
        var open = new WorkFilter(WorkStatus.Open);

        var whole = await town.Queries.WithoutIndex().ListByOrganizationAsync(acme, open, Ct);
        sources.Take();
        var walked = new List<MemberWorkItem>();
        var pages = 0;
        var before = town.Index.LinesParsedForAnswers;
        await foreach (var page in town.Queries.WalkByOrganizationAsync(acme, open, 700, Ct))
        {
            (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(701);
            before = town.Index.LinesParsedForAnswers;
            page.Result.Members.ShouldBe(whole.Members);
            walked.AddRange(page.Result.Items);
            pages++;
        }

        whole.Items.Count.ShouldBeGreaterThan(1_000);
        pages.ShouldBe((whole.Items.Count + 699) / 700);
        sources.Take().ShouldBe(Enumerable.Repeat<string?>("index", pages));
        OrgAssert.SameItems(walked, whole.Items);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Where_the_index_cannot_answer_a_walk_loads_the_whole_list_once_and_cuts_every_page_from_it()
    {
        // Alice's chain (acme employs her) is one the index cannot describe exactly, so every list touching it loads.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        IndexFile.MarkNotExact(town.Index.DatabasePath, OrgFederation.Alice);
        using var sources = new QuerySources();
        var acme = EntityId.Parse("acme.com");

        var wholeOrg = await town.Queries.ListByOrganizationAsync(acme, cancellationToken: Ct);
        var wholeRemote = await town.Queries.ListByRemoteAsync(OrgFederation.Alice, cancellationToken: Ct);
        var wholeReady = await town.Queries.GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["chains", "chains", "chains"]);

        var org = new List<OrganizationWorkPage>();
        await foreach (var page in town.Queries.WalkByOrganizationAsync(acme, pageSize: 2, cancellationToken: Ct))
        {
            org.Add(page);
        }

        var remote = new List<WorkListPage>();
        await foreach (var page in town.Queries.WalkByRemoteAsync(OrgFederation.Alice, pageSize: 1, cancellationToken: Ct))
        {
            remote.Add(page);
        }

        var ready = new List<ReadyWorkPage>();
        await foreach (var page in town.Queries.WalkReadyWorkAsync(pageSize: 1, cancellationToken: Ct))
        {
            ready.Add(page);
        }

        // One load per walk, however many pages.
        sources.Take().ShouldBe(["chains", "chains", "chains"]);
        org.Count.ShouldBe((wholeOrg.Items.Count + 1) / 2);
        OrgAssert.SameItems([.. org.SelectMany(p => p.Result.Items)], wholeOrg.Items);
        org.Select(p => p.Next).ShouldBe(await PageTokensAsync(town.Queries.WithoutIndex(), acme, org.Count));
        remote.Count.ShouldBe(wholeRemote.Items.Count);
        Document(wholeRemote with { Items = [.. remote.SelectMany(p => p.Result.Items)] }, OrgFederation.Alice).ShouldBe(Document(wholeRemote, OrgFederation.Alice));
        ready.SelectMany(p => p.Items).Select(u => u.Uri).ShouldBe(wholeReady.Ready.Select(u => u.Uri));
        ready.Count.ShouldBe(Math.Max(1, wholeReady.Ready.Count));
        ready[^1].Next.ShouldBeNull();
    }

    [Fact]
    public async Task Walking_a_project_gives_its_list_page_by_page_with_the_whole_listing_s_delegations_on_each()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();

        foreach (var delegated in new[] { false, true })
        {
            var whole = await town.Queries.ListByProjectAsync("proj-1", delegated, cancellationToken: Ct);
            whole.Items.Count.ShouldBeGreaterThan(2);
            var pages = new List<ProjectWorkPage>();
            await foreach (var page in town.Queries.WalkByProjectAsync("proj-1", delegated, pageSize: 1, cancellationToken: Ct))
            {
                page.Result.Delegations.Count.ShouldBe(whole.Delegations.Count);
                pages.Add(page);
            }

            pages.Count.ShouldBe(whole.Items.Count);
            pages.SelectMany(p => p.Result.Items).Select(u => u.Uri).ShouldBe(whole.Items.Select(u => u.Uri));
            var json = QueryDocuments.ProjectList(whole, delegated).ToJsonString();
            QueryDocuments.ProjectList(whole with { Items = [.. pages.SelectMany(p => p.Result.Items)] }, delegated).ToJsonString().ShouldBe(json);
        }
    }

    [Fact]
    public async Task Walking_a_project_of_thousands_of_units_gives_each_once_in_order_parsing_only_each_page_s_lines()
    {
        using var federation = new OrgFederation(acmeExtra: rig =>
        {
            for (var n = 0; n < Extra; n++)
            {
                rig.WithIssue($"proj-1.{100 + n}", $"Generated part {n}", i => i.DependsOn("proj-1", "parent-child"));
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var whole = await town.Queries.WithoutIndex().ListByProjectAsync("proj-1", false, cancellationToken: Ct);
        whole.Items.Count.ShouldBeGreaterThan(Extra);
        sources.Take();
        var walked = new List<WorkUnitSummary>();
        var pages = 0;
        var before = town.Index.LinesParsedForAnswers;
        await foreach (var page in town.Queries.WalkByProjectAsync("proj-1", false, pageSize: 1_000, cancellationToken: Ct))
        {
            // The page's lines (and, on the first, the project's own to place it): the tree is walked over edge rows only.
            (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(1_001);
            before = town.Index.LinesParsedForAnswers;
            walked.AddRange(page.Result.Items);
            pages++;
        }

        pages.ShouldBe((whole.Items.Count + 999) / 1_000);
        sources.Take().ShouldBe(Enumerable.Repeat<string?>("index", pages));
        QueryDocuments.ProjectList(whole with { Items = walked }, false).ToJsonString().ShouldBe(QueryDocuments.ProjectList(whole, false).ToJsonString());
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_walk_reads_one_state_of_the_index_however_it_changes_between_pages()
    {
        using var federation = new IndexedFederation(gastown: rig => rig
            .WithIssue("gt-a", "First in line", i => i.Priority(0))
            .WithIssue("gt-b", "Second", i => i.Priority(1))
            .WithIssue("gt-c", "Last", i => i.Priority(3)));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var before = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        before.Ready[0].Uri.ToString().ShouldBe(IndexedFederation.AliceChain + "/gastown/gt-a");
        using var sources = new QuerySources();

        // After the first page, alice moves gt-a to the back of the line; the observer fetches and indexes her new tip.
        var walked = new List<GtUri>();
        await foreach (var page in town.Queries.WalkReadyWorkAsync(pageSize: 1, cancellationToken: Ct))
        {
            walked.AddRange(page.Items.Select(u => u.Uri));
            if (walked.Count == 1)
            {
                await federation.EditAliceLineAsync(
                    l => l.Contains("\"id\":\"gt-a\"", StringComparison.Ordinal), l => l.Replace("\"priority\":0", "\"priority\":4", StringComparison.Ordinal), Ct);
                (await town.Queries.GetReadyWorkPageAsync(50, cancellationToken: Ct)).Items[^1].Uri.ShouldBe(before.Ready[0].Uri);
            }
        }

        // Every page came from the index, from the state the first page read: gt-a once, at the front (it was read
        // again at the back, from the new state, when each page read the index as it was then).
        sources.Take().Distinct().ShouldBe(["index"]);
        walked.ShouldBe(before.Ready.Select(u => u.Uri));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_walk_stops_between_pages_when_cancelled_and_checks_its_arguments_when_called()
    {
        using var federation = new OrgFederation(aliceExtra: Many);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var pages = 0;
        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in town.Queries.WalkByRemoteAsync("alice", pageSize: 100, cancellationToken: cancellation.Token))
            {
                pages++;
                page.Next.ShouldNotBeNull();
                await cancellation.CancelAsync();
            }
        });
        pages.ShouldBe(1);

        Should.Throw<FederationQueryException>(() => town.Queries.WalkByRemoteAsync("alice", pageSize: 0)).Error.ShouldBe(FederationQueryError.BadInput);
        Should.Throw<FederationQueryException>(() => town.Queries.WalkReadyWorkAsync(pageSize: 10_001)).Error.ShouldBe(FederationQueryError.BadInput);
        Should.Throw<ArgumentException>(() => town.Queries.WalkByOrganizationAsync(default));
    }

    private static void Many(RigBuilder rig)
    {
        for (var n = 0; n < Extra; n++)
        {
            rig.WithIssue($"gt-{1000 + n}", $"Generated work {n}", i => i.Status(n % 3 == 0 ? "closed" : "open"));
        }
    }

    private static string Document(WorkListResult result, string remote) => QueryDocuments.RemoteList(result, remote).ToJsonString();

    private static async Task<List<string?>> PageTokensAsync(FederationQueries queries, EntityId organization, int pages)
    {
        var tokens = new List<string?>();
        string? after = null;
        for (var n = 0; n < pages; n++)
        {
            after = (await queries.ListByOrganizationPageAsync(organization, 2, after, cancellationToken: Ct)).Next;
            tokens.Add(after);
        }

        return tokens;
    }
}
