using CsCheck;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using static GasTown.Federation.Index.Tests.Federations.OrgFederation;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Organisation listings through the town's queries answer from the index (employment lines judged by the evaluator, the
/// members' units read by chain and assignee) with the answer loading every chain gives; pages walk the same list once,
/// in order; search keeps to the same members; and a chain the index cannot describe exactly makes them load.
/// </summary>
public sealed class IndexedOrganizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string?, string?> Listings => new()
    {
        { "acme.com", null, null },
        { "ACME.com", "open", null },
        { "acme.com", null, "bug" },
        { "acme.com", "closed", null },
        { "freelance.dev", null, null },
        { "example.com", null, null },
    };

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task The_organisation_list_from_the_index_is_what_loading_every_chain_answers(string organization, string? status, string? type)
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var filter = new WorkFilter(status is null ? null : new WorkStatus(status), type is null ? null : new WorkType(type));

        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(EntityId.Parse(organization), filter, Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.ListByOrganizationAsync(EntityId.Parse(organization), filter, Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        OrgAssert.Same(indexed, loaded);

        // Only the lines of the members' work are read: never acme's other units, nor carol's.
        (town.Index.LinesParsedForAnswers - before).ShouldBe(indexed.Items.Count);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Members_claims_and_attributions_are_those_of_the_query_tests()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var result = await town.Queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        sources.Take().ShouldBe(["index"]);
        result.Members.ShouldBe([new OrganizationMember(EntityId.Parse("alice@example.com"), GtUri.Parse(Acme)), new OrganizationMember(EntityId.Parse("bob@example.com"), GtUri.Parse(Acme))]);
        result.UnverifiedClaims.Select(c => (c.Type, c.Subject, c.Object, c.AssertedBy.ToString())).ShouldBe([("employment", "carol@freelance.dev", "acme.com", Carol)]);

        // Carol's ca-2 names alice but carol's chain does not speak for acme.com; acme's proj-6 (Alice@Example.com) and
        // proj-8 do; proj-7's assignee is no member.
        result.Items.Select(i => (i.WorkUnit.Uri.ToString(), i.Member.Value, i.Attribution)).ShouldBe(
        [
            (Acme + "/projects/proj-6", "alice@example.com", WorkAttribution.Assignee),
            (Acme + "/projects/proj-8", "bob@example.com", WorkAttribution.Assignee),
            (Alice + "/gastown/gt-1", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-1.1", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-2", "alice@example.com", WorkAttribution.OwnChain),
            (Alice + "/gastown/gt-3", "alice@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-1", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-2", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-3", "bob@example.com", WorkAttribution.OwnChain),
            (Bob + "/web/bb-4", "bob@example.com", WorkAttribution.OwnChain),
        ]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_chain_the_index_cannot_describe_exactly_makes_the_list_its_pages_and_its_search_load_the_chains()
    {
        // Alice's chain, one of acme's employees', is one the index cannot describe exactly.
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        IndexFile.MarkNotExact(town.Index.DatabasePath, OrgFederation.Alice);
        using var sources = new QuerySources();
        var acme = EntityId.Parse("acme.com");

        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(acme, cancellationToken: Ct);
        var indexed = await town.Queries.ListByOrganizationAsync(acme, cancellationToken: Ct);
        var page = await town.Queries.ListByOrganizationPageAsync(acme, 3, cancellationToken: Ct);
        var search = await town.Queries.SearchByOrganizationAsync(acme, "signup", cancellationToken: Ct);

        sources.Take().ShouldBe(["chains", "chains", "chains", "chains"]);
        OrgAssert.Same(indexed, loaded);
        OrgAssert.SameItems(page.Result.Items, [.. loaded.Items.Take(3)]);
        page.Next.ShouldNotBeNull();
        search.Result.Items.Select(i => i.WorkUnit.Uri.ToString()).Order(StringComparer.Ordinal).ShouldBe(
            [Acme + "/projects/proj-6", Acme + "/projects/proj-8", Alice + "/gastown/gt-3", Bob + "/web/bb-2", Bob + "/web/bb-3"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Paging_an_organisation_of_thousands_of_units_returns_each_once_in_the_list_order_reading_only_each_page()
    {
        const int Extra = 3000;
        using var federation = new OrgFederation(aliceExtra: rig =>
        {
            for (var n = 0; n < Extra; n++)
            {
                rig.WithIssue($"gt-{1000 + n}", $"Generated work {n}", i => i.Status(n % 3 == 0 ? "closed" : "open"));
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var acme = EntityId.Parse("acme.com");

        var whole = await town.Queries.ListByOrganizationAsync(acme, cancellationToken: Ct);
        whole.Items.Count.ShouldBeGreaterThan(Extra);
        sources.Take().ShouldBe(["index"]);

        var paged = new List<MemberWorkItem>();
        string? after = null;
        var pages = 0;
        do
        {
            var before = town.Index.LinesParsedForAnswers;
            var page = await town.Queries.ListByOrganizationPageAsync(acme, 250, after, cancellationToken: Ct);
            (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(251);
            page.Result.Members.ShouldBe(whole.Members);
            page.Result.Items.Count.ShouldBeLessThanOrEqualTo(250);
            paged.AddRange(page.Result.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        sources.Take().ShouldAllBe(s => s == "index");
        pages.ShouldBe((whole.Items.Count + 249) / 250);
        OrgAssert.SameItems(paged, whole.Items);
        paged.Select(i => i.WorkUnit.Uri).Distinct().Count().ShouldBe(paged.Count);

        // With a filter, and the loaded path cut to the same pages: the same units, the same tokens.
        var open = new WorkFilter(WorkStatus.Open);
        var indexedOpen = await AllPagesAsync(town.Queries, acme, open, 1000);
        var loadedOpen = await AllPagesAsync(town.Queries.WithoutIndex(), acme, open, 1000);
        OrgAssert.SameItems(indexedOpen.Items, loadedOpen.Items);
        indexedOpen.Tokens.ShouldBe(loadedOpen.Tokens);
        OrgAssert.SameItems(indexedOpen.Items, (await town.Queries.WithoutIndex().ListByOrganizationAsync(acme, open, Ct)).Items);

        await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByOrganizationPageAsync(acme, 10, "bogus", cancellationToken: Ct));
        var wrongKind = (await town.Queries.SearchByOrganizationAsync(acme, "generated", 1, cancellationToken: Ct)).Next!;
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByOrganizationPageAsync(acme, 10, wrongKind, cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Search_by_organisation_finds_only_the_members_work_and_pages_through_it()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var acme = EntityId.Parse("acme.com");

        var all = await town.Queries.SearchByOrganizationAsync(acme, "signup", cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        all.Next.ShouldBeNull();
        all.Result.Members.Select(m => m.Entity.Value).ShouldBe(["alice@example.com", "bob@example.com"]);

        // Not carol's ca-2 (assigned to alice in a chain that does not speak for acme), not acme's proj-7 (no member's).
        var expected = new[] { Acme + "/projects/proj-6", Acme + "/projects/proj-8", Alice + "/gastown/gt-3", Bob + "/web/bb-2", Bob + "/web/bb-3" };
        all.Result.Items.Select(i => i.WorkUnit.Uri.ToString()).Order(StringComparer.Ordinal).ShouldBe(expected);
        var list = await town.Queries.ListByOrganizationAsync(acme, cancellationToken: Ct);
        all.Result.Items.ShouldAllBe(i => list.Items.Any(l => l.WorkUnit.Uri == i.WorkUnit.Uri && l.Member == i.Member && l.Attribution == i.Attribution));

        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await town.Queries.SearchByOrganizationAsync(acme, "signup", 2, after, cancellationToken: Ct);
            page.Result.Items.Count.ShouldBeLessThanOrEqualTo(2);
            paged.AddRange(page.Result.Items.Select(i => i.WorkUnit.Uri.ToString()));
            after = page.Next;
        }
        while (after is not null);

        paged.ShouldBe(all.Result.Items.Select(i => i.WorkUnit.Uri.ToString()));
        (await town.Queries.SearchByOrganizationAsync(acme, "signup", filter: new WorkFilter(WorkStatus.Closed), cancellationToken: Ct))
            .Result.Items.Select(i => i.WorkUnit.Id).ShouldBe(["proj-8"]);
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.SearchByOrganizationAsync(acme, "  ", cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Delegations_written_in_beads_change_no_employment_verdict_so_the_index_still_answers()
    {
        // Employment verdicts never read delegations; ready work follows them from the index's claim rows.
        using var federation = new OrgFederation(
            bobExtra: rig => rig.WithIssue("bb-5", "Accepted from acme", i => i.DependsOn(Acme + "/projects/proj-1", "delegated-from")),
            acmeExtra: rig => rig.WithIssue("proj-9", "Delegated to bob", i => i.Assignee("bob@example.com").DependsOn(Bob + "/web/bb-5", "blocks")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);
        var indexed = await town.Queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);
        var ready = await town.Queries.GetReadyWorkAsync(Ct);

        sources.Take().ShouldBe(["chains", "index", "index"]);
        ShowAssert.Same(ready, await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct));
        OrgAssert.Same(indexed, loaded);
        indexed.Items.Select(i => i.WorkUnit.Id).ShouldContain("bb-5");
        indexed.Items.Select(i => i.WorkUnit.Id).ShouldContain("proj-9");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task On_random_organisations_the_list_and_its_pages_are_the_same_from_the_index()
    {
        string?[] assignees = ["alice@example.com", "Alice@Example.COM", "bob@example.com", "carol@freelance.dev", "dave@example.com", "gastown/crew/max", null];
        string[] statuses = ["open", "closed", "in_progress", "blocked"];
        string[] types = ["task", "bug", "epic"];
        string[] organizations = ["acme.com", "freelance.dev", "example.com"];
        await Gen.Select(Gen.Int[0, 12], Gen.Int[0, 12], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (acmeCount, otherCount, seed) = sample;
            var random = new Random(seed);
            void Add(RigBuilder rig, string prefix, int count)
            {
                for (var n = 0; n < count; n++)
                {
                    var assignee = assignees[random.Next(assignees.Length)];
                    var status = statuses[random.Next(statuses.Length)];
                    var type = types[random.Next(types.Length)];
                    rig.WithIssue($"{prefix}{500 + n}", $"Random work {n}", i =>
                    {
                        i.Status(status).Type(type);
                        if (assignee is not null)
                        {
                            i.Assignee(assignee);
                        }
                    });
                }
            }

            var employs = new[] { random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0 };
            using var federation = new OrgFederation(
                acmeExtra: rig => Add(rig, "proj-", acmeCount),
                bobExtra: rig => Add(rig, "bb-", otherCount),
                carolExtra: rig => Add(rig, "ca-", otherCount),
                towns: (name, town) =>
                {
                    if (name == "acme" && employs[0])
                    {
                        town.WithEmployment("carol@freelance.dev", "acme.com");
                    }

                    if (name == "bob" && employs[1])
                    {
                        town.WithEmployment("bob@example.com", "acme.com");
                    }

                    if (name == "carol" && employs[2])
                    {
                        town.WithEmployment("alice@example.com", "freelance.dev");
                    }
                });
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenAcme();
            using var sources = new QuerySources();
            var organization = EntityId.Parse(organizations[random.Next(organizations.Length)]);
            var filter = random.Next(3) switch { 0 => WorkFilter.None, 1 => new WorkFilter(WorkStatus.Open), _ => new WorkFilter(IssueType: new WorkType("bug")) };

            var loaded = await town.Queries.WithoutIndex().ListByOrganizationAsync(organization, filter, Ct);
            var indexed = await town.Queries.ListByOrganizationAsync(organization, filter, Ct);
            var pages = await AllPagesAsync(town.Queries, organization, filter, random.Next(1, 6));

            sources.Take().Skip(1).ShouldAllBe(s => s == "index", $"sample {sample}");
            OrgAssert.Same(indexed, loaded);
            OrgAssert.SameItems(pages.Items, loaded.Items);
            federation.AssertIndexNeverFailed();
        }, iter: 5, threads: 1);
    }

    private static async Task<(List<MemberWorkItem> Items, List<string?> Tokens)> AllPagesAsync(FederationQueries queries, EntityId organization, WorkFilter filter, int limit)
    {
        var items = new List<MemberWorkItem>();
        var tokens = new List<string?>();
        string? after = null;
        do
        {
            var page = await queries.ListByOrganizationPageAsync(organization, limit, after, filter, Ct);
            items.AddRange(page.Result.Items);
            tokens.Add(page.Next);
            after = page.Next;
        }
        while (after is not null);
        return (items, tokens);
    }
}
