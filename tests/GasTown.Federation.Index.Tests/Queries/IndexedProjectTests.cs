using CsCheck;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static GasTown.Federation.Index.Tests.Federations.ProjectFederation;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Project lists through the town's queries answer from the index (the tree walked over the parent-child rows that name
/// each level's ids, the lines of the items only) with the answer a load of the chains gives; pages walk the same list
/// once, in order, reading only their own lines; and whatever the index cannot answer exactly makes them load.
/// </summary>
public sealed class IndexedProjectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool, string?> Projects => new()
    {
        { Acme + "/proj-1", false, null },
        { "proj-1", true, null },
        { "projects/proj-1", false, "open" },
        { Acme + "/tools/proj-1", false, "closed" },
        { "external:projects:proj-1", false, "blocked" },
        { "proj-1.1", false, "in_progress" },
        { "proj-1.3", true, null },
        { "tl-1", false, null },
        { "proj-5", false, null },
        { "proj-7", false, null },
        { Alice + "/gastown/gt-2", true, null },
        { Alice + "/gt-2", false, "closed" },
        { Alice + "/gt-1", false, null },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_project_list_from_the_index_is_what_loading_the_chains_answers(string project, bool includeDelegated, string? status)
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();
        var filter = new WorkFilter(status is null ? null : new WorkStatus(status));

        var loaded = await town.Queries.WithoutIndex().ListByProjectAsync(project, includeDelegated, filter, Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.ListByProjectAsync(project, includeDelegated, filter, Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        ProjectAssert.Same(indexed, loaded);

        // The lines of the items only (and the project's, to find it): never the chain's other units.
        (town.Index.LinesParsedForAnswers - before).ShouldBe(indexed.Items.Count + (indexed.Items.Any(i => i.Uri == indexed.Project) ? 0 : 1));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Every_spelling_of_the_parent_in_its_chain_counts_and_nothing_else_does()
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var result = await town.Queries.ListByProjectAsync("proj-1", includeDelegated: false, cancellationToken: Ct);

        sources.Take().ShouldBe(["index"]);
        result.Project.ToString().ShouldBe(Acme + "/projects/proj-1");

        // Not proj-1.6 (./proj-1 has no current rig in the graph), proj-2 (alice's proj-1), proj-3 (blocks), alice's gt-1
        // (another chain: a load of the project reads its own chain only).
        result.Items.Select(i => i.Uri.ToString()).ShouldBe(
        [
            Acme + "/projects/proj-1", Acme + "/projects/proj-1.1", Acme + "/projects/proj-1.1.1", Acme + "/projects/proj-1.1.1.1",
            Acme + "/projects/proj-1.2", Acme + "/projects/proj-1.3", Acme + "/projects/proj-1.4", Acme + "/projects/proj-1.5",
            Acme + "/tools/tl-1", Acme + "/tools/tl-2",
        ]);
        result.Stop.ShouldBe(FederationWalkStop.Complete);
        result.Truncations.ShouldBeEmpty();
        result.Chains.Select(c => c.Chain.ToString()).ShouldBe([Acme]);
        (await town.Queries.ListByProjectAsync("proj-1", false, new WorkFilter(IssueType: new WorkType("bug")), Ct)).Items.Select(i => i.Id).ShouldBe(["proj-1.5"]);
        federation.AssertIndexNeverFailed();
    }

    [Theory]
    [InlineData("proj-404")]
    [InlineData(Acme + "/projects/proj-404")]
    [InlineData(Alice + "/gt-404")]
    public async Task A_missing_project_is_the_same_not_found_error_from_the_index(string project)
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var loaded = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.WithoutIndex().ListByProjectAsync(project, false, cancellationToken: Ct));
        var indexed = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByProjectAsync(project, false, cancellationToken: Ct));
        var page = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByProjectPageAsync(project, true, 5, cancellationToken: Ct));

        sources.Take().ShouldBe(["chains", "index", "index"]);
        loaded.Error.ShouldBe(FederationQueryError.NotFound);
        foreach (var error in new[] { indexed, page })
        {
            error.Error.ShouldBe(loaded.Error);
            error.Message.ShouldBe(loaded.Message);
            error.Target.ShouldBe(loaded.Target);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task An_unregistered_chain_and_a_non_unit_reference_give_the_errors_of_a_load()
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();

        foreach (var project in new[] { "gt://ghost.org/nowhere/gh-1", Acme, "not a reference" })
        {
            var loaded = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.WithoutIndex().ListByProjectAsync(project, false, cancellationToken: Ct));
            var indexed = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByProjectPageAsync(project, false, 10, cancellationToken: Ct));
            (indexed.Error, indexed.Message, indexed.Target, indexed.Reason).ShouldBe((loaded.Error, loaded.Message, loaded.Target, loaded.Reason));
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_depth_bound_cuts_the_indexed_walk_where_it_cuts_the_graph_and_a_node_bound_cut_loads()
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        await using (var shallow = federation.OpenAcme(b => b.Services.Configure<QueryOptions>(o => o.MaxDepth = 1)))
        {
            var loaded = await shallow.Queries.WithoutIndex().ListByProjectAsync("proj-1", false, cancellationToken: Ct);
            var indexed = await shallow.Queries.ListByProjectAsync("proj-1", false, cancellationToken: Ct);
            var leaf = await shallow.Queries.ListByProjectAsync("proj-1.1.1.1", false, cancellationToken: Ct);
            sources.Take().ShouldBe(["chains", "index", "index"]);
            loaded.Stop.ShouldBe(FederationWalkStop.DepthLimit);
            ProjectAssert.Same(indexed, loaded);
            indexed.Truncations.Single().Bound.ShouldBe(TruncationBound.Depth);
            leaf.Stop.ShouldBe(FederationWalkStop.Complete);
        }

        await using (var narrow = federation.OpenAcme(b => b.Services.Configure<QueryOptions>(o => o.MaxNodes = 4)))
        {
            var loaded = await narrow.Queries.WithoutIndex().ListByProjectAsync("proj-1", false, cancellationToken: Ct);
            var indexed = await narrow.Queries.ListByProjectAsync("proj-1", false, cancellationToken: Ct);
            var small = await narrow.Queries.ListByProjectAsync("proj-1.1", false, cancellationToken: Ct);
            sources.Take().ShouldBe(["chains", "chains", "index"]);
            loaded.Stop.ShouldBe(FederationWalkStop.NodeLimit);
            ProjectAssert.Same(indexed, loaded);
            small.Items.Count.ShouldBe(3);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task With_delegations_the_project_tree_still_answers_from_the_index_and_delegated_work_loads()
    {
        using var federation = new OrgFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().ListByProjectAsync("proj-1", false, cancellationToken: Ct);
        var indexed = await town.Queries.ListByProjectAsync("proj-1", false, cancellationToken: Ct);
        var loadedDelegated = await town.Queries.WithoutIndex().ListByProjectAsync("proj-1", true, cancellationToken: Ct);
        var delegated = await town.Queries.ListByProjectAsync("proj-1", true, cancellationToken: Ct);
        var page = await town.Queries.ListByProjectPageAsync("proj-1", true, 2, cancellationToken: Ct);
        var rest = await town.Queries.ListByProjectPageAsync("proj-1", true, 10, page.Next, cancellationToken: Ct);

        // A delegation changes nothing a descendants walk follows; a walk over delegations is left to the loaded claims.
        sources.Take().ShouldBe(["chains", "index", "chains", "chains", "chains", "chains"]);
        ProjectAssert.Same(indexed, loaded);
        indexed.Items.Select(i => i.Id).ShouldBe(["proj-1", "proj-1.1", "proj-1.2"]);
        ProjectAssert.Same(delegated, loadedDelegated);
        delegated.Delegations.Single().Children.Single().Uri.ToString().ShouldBe(OrgFederation.Alice + "/gastown/gt-1");

        // The fallback page is the loaded list cut: the portions, claims and chains are the whole listing's.
        ShowAssert.SameUnits([.. page.Result.Items, .. rest.Result.Items], delegated.Items);
        rest.Next.ShouldBeNull();
        ProjectAssert.Same(page.Result with { Items = delegated.Items }, delegated);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Delegated_work_answers_from_the_index_when_the_project_chain_holds_no_delegation()
    {
        // Alice delegates acme's proj-1.3 under her gt-2; acme asserts nothing about it.
        using var federation = new ProjectFederation(alice: town => town.WithDelegation($"{Alice}/gastown/gt-2", $"{Acme}/projects/proj-1.3", portion: "docs"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var loadedAcme = await town.Queries.WithoutIndex().ListByProjectAsync("proj-1", true, cancellationToken: Ct);
        var acme = await town.Queries.ListByProjectAsync("proj-1", true, cancellationToken: Ct);
        var loadedAlice = await town.Queries.WithoutIndex().ListByProjectAsync(Alice + "/gt-2", true, cancellationToken: Ct);
        var alice = await town.Queries.ListByProjectAsync(Alice + "/gt-2", true, cancellationToken: Ct);
        var aliceTree = await town.Queries.ListByProjectAsync(Alice + "/gt-2", false, cancellationToken: Ct);

        // A load of acme's project reads acme alone and meets no delegation; alice's chain holds one, so her project loads.
        sources.Take().ShouldBe(["chains", "index", "chains", "chains", "index"]);
        ProjectAssert.Same(acme, loadedAcme);
        acme.Delegations.ShouldBeEmpty();
        ProjectAssert.Same(alice, loadedAlice);
        alice.Delegations.Single().Children.Single().Uri.ToString().ShouldBe(Acme + "/projects/proj-1.3");
        alice.Items.Select(i => i.Id).ShouldBe(["proj-1.3", "tl-2", "gt-2", "gt-3", "gt-4"], ignoreOrder: true);
        aliceTree.Items.Select(i => i.Id).ShouldBe(["gt-2", "gt-3", "gt-4"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Paging_a_project_of_thousands_of_descendants_returns_each_once_in_order_reading_only_each_page()
    {
        const int Children = 40;
        const int GrandChildren = 75;
        using var federation = new ProjectFederation(projects: rig =>
        {
            for (var c = 0; c < Children; c++)
            {
                var child = $"proj-1.{100 + c}";
                rig.WithIssue(child, $"Part {c}", i => i.DependsOn(c % 2 == 0 ? "proj-1" : $"{Acme}/projects/proj-1", "parent-child"));
                for (var g = 0; g < GrandChildren; g++)
                {
                    var status = g % 3 == 0 ? "closed" : "open";
                    rig.WithIssue($"{child}.{g}", $"Piece {g} of part {c}", i => i.DependsOn(g % 2 == 0 ? child : $"external:projects:{child}", "parent-child").Status(status));
                }
            }

            for (var n = 0; n < 500; n++)
            {
                rig.WithIssue($"proj-9.{n}", $"Unrelated {n}", i => i.DependsOn("proj-9", "parent-child"));
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();
        using var sources = new QuerySources();

        var whole = await town.Queries.ListByProjectAsync("proj-1", false, cancellationToken: Ct);
        whole.Items.Count.ShouldBeGreaterThan(Children * GrandChildren);
        sources.Take().ShouldBe(["index"]);

        var paged = new List<WorkUnitSummary>();
        string? after = null;
        var pages = 0;
        do
        {
            var before = town.Index.LinesParsedForAnswers;
            var page = await town.Queries.ListByProjectPageAsync("proj-1", false, 250, after, cancellationToken: Ct);
            (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(251);
            page.Result.Items.Count.ShouldBeLessThanOrEqualTo(250);
            page.Result.Chains.Select(c => c.Chain.ToString()).ShouldBe([Acme]);
            paged.AddRange(page.Result.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        sources.Take().ShouldAllBe(s => s == "index");
        pages.ShouldBe((whole.Items.Count + 249) / 250);
        ShowAssert.SameUnits(paged, whole.Items);
        paged.Select(i => i.Uri).Distinct().Count().ShouldBe(paged.Count);

        // With a filter, and the loaded path cut to the same pages: the same units, the same tokens.
        var open = new WorkFilter(WorkStatus.Open);
        var indexedOpen = await AllPagesAsync(town.Queries, "proj-1", false, open, 1000);
        var loadedOpen = await AllPagesAsync(town.Queries.WithoutIndex(), "proj-1", false, open, 1000);
        ShowAssert.SameUnits(indexedOpen.Items, loadedOpen.Items);
        indexedOpen.Tokens.ShouldBe(loadedOpen.Tokens);
        ShowAssert.SameUnits(indexedOpen.Items, (await town.Queries.WithoutIndex().ListByProjectAsync("proj-1", false, open, Ct)).Items);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_bad_token_or_limit_is_bad_input_never_a_silent_first_page()
    {
        using var federation = new ProjectFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenAcme();

        var first = await town.Queries.ListByProjectPageAsync("proj-1", false, 3, cancellationToken: Ct);
        first.Result.Items.Count.ShouldBe(3);
        first.Next.ShouldNotBeNull();
        var organizationToken = (await town.Queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 1, cancellationToken: Ct)).Next;
        organizationToken.ShouldNotBeNull();

        foreach (var (limit, after) in new (int, string?)[] { (10, "bogus"), (10, organizationToken), (0, null), (10_001, null), (-1, first.Next) })
        {
            foreach (var queries in new[] { town.Queries, town.Queries.WithoutIndex() })
            {
                (await Should.ThrowAsync<FederationQueryException>(async () => await queries.ListByProjectPageAsync("proj-1", false, limit, after, cancellationToken: Ct)))
                    .Error.ShouldBe(FederationQueryError.BadInput);
            }
        }

        // A project token is not an organisation's either.
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ListByOrganizationPageAsync(EntityId.Parse("acme.com"), 5, first.Next, cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task On_random_project_trees_every_list_and_its_pages_are_the_same_from_the_index()
    {
        string[] statuses = ["open", "closed", "in_progress", "blocked"];
        string[] types = ["task", "bug", "epic"];
        await Gen.Select(Gen.Int[1, 24], Gen.Int[0, 8], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (acmeCount, aliceCount, seed) = sample;
            var random = new Random(seed);

            // A parent among the earlier units (or one that does not exist), spelled one of the ways a reference can be.
            string Spell(string chain, string rig, string id) => random.Next(9) switch
            {
                0 or 1 => id,
                2 => $"{rig}/{id}",
                3 => $"external:{rig}:{id}",
                4 => $"{chain}/{rig}/{id}",
                5 => $"{chain}/{id}",
                6 => $"hop://{chain["gt://".Length..chain.LastIndexOf('/')].ToUpperInvariant()}{chain[chain.LastIndexOf('/')..]}/{id}",
                7 => $"./{id}",
                _ => $"{(chain == Acme ? Alice : Acme)}/{id}",
            };

            void Add(RigBuilder rig, string chain, string prefix, int count, string? foreignParents)
            {
                for (var n = 0; n < count; n++)
                {
                    var id = $"{prefix}{n}";
                    var status = statuses[random.Next(statuses.Length)];
                    var type = types[random.Next(types.Length)];
                    var parents = new List<string>();
                    for (var p = random.Next(3); p > 0; p--)
                    {
                        var parent = random.Next(6) == 0 ? $"{prefix}{count + 5}" : $"{prefix}{random.Next(Math.Max(n, 1))}";
                        parents.Add(foreignParents is not null && random.Next(4) == 0 ? $"{foreignParents}/proj-{random.Next(acmeCount)}" : Spell(chain, rig.Name, parent));
                    }

                    rig.WithIssue(id, $"Random work {n}", i =>
                    {
                        i.Status(status).Type(type);
                        foreach (var parent in parents.Distinct())
                        {
                            i.DependsOn(parent, random.Next(5) == 0 ? "blocks" : "parent-child");
                        }
                    });
                }
            }

            var depth = random.Next(4) == 0 ? 2 : 64;
            using var federation = new ProjectFederation(
                projects: rig => Add(rig, Acme, "proj-", acmeCount, null),
                gastown: rig => Add(rig, Alice, "gt-", aliceCount, Acme),
                fixedTree: false,
                configure: b => b.Services.Configure<QueryOptions>(o => o.MaxDepth = depth));
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenAcme();
            using var sources = new QuerySources();

            var projects = Enumerable.Range(0, acmeCount).Select(n => random.Next(3) == 0 ? $"proj-{n}" : $"{Acme}/proj-{n}")
                .Concat(Enumerable.Range(0, aliceCount).Select(n => $"{Alice}/gastown/gt-{n}")).ToList();
            foreach (var project in projects)
            {
                var includeDelegated = random.Next(2) == 0;
                var filter = random.Next(3) switch { 0 => WorkFilter.None, 1 => new WorkFilter(WorkStatus.Open), _ => new WorkFilter(IssueType: new WorkType("bug")) };
                var loaded = await town.Queries.WithoutIndex().ListByProjectAsync(project, includeDelegated, filter, Ct);
                var before = town.Index.LinesParsedForAnswers;
                var indexed = await town.Queries.ListByProjectAsync(project, includeDelegated, filter, Ct);
                (town.Index.LinesParsedForAnswers - before).ShouldBeLessThanOrEqualTo(indexed.Items.Count + 1, $"sample {sample} {project}");
                var pages = await AllPagesAsync(town.Queries, project, includeDelegated, filter, random.Next(1, 5));

                sources.Take().Skip(1).ShouldAllBe(s => s == "index", $"sample {sample} {project}");
                ProjectAssert.Same(indexed, loaded);
                ShowAssert.SameUnits(pages.Items, loaded.Items);
            }

            federation.AssertIndexNeverFailed();
        }, iter: 6, threads: 1);
    }

    private static async Task<(List<WorkUnitSummary> Items, List<string?> Tokens)> AllPagesAsync(FederationQueries queries, string project, bool includeDelegated, WorkFilter filter, int limit)
    {
        var items = new List<WorkUnitSummary>();
        var tokens = new List<string?>();
        string? after = null;
        do
        {
            var page = await queries.ListByProjectPageAsync(project, includeDelegated, limit, after, filter, Ct);
            items.AddRange(page.Result.Items);
            tokens.Add(page.Next);
            after = page.Next;
        }
        while (after is not null);
        return (items, tokens);
    }
}
