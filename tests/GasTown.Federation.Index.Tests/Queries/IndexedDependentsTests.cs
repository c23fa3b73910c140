using System.Reflection;
using CsCheck;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Who depends on a unit, through the town's queries: from the index, the edges whose reference names the unit's id,
/// each resolved in its own chain, and only the dependents' lines parsed; the same answer a load of every chain gives.
/// Real towns, real git, real SQLite.
/// </summary>
public sealed class IndexedDependentsTests
{
    private const string GtOne = IndexedFederation.AliceChain + "/gastown/gt-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_units_that_depend_on_a_unit_are_found_by_its_id_in_every_chain_as_a_load_finds_them()
    {
        // Alice's gt-2 names gt-1 bare and the observer's wb-1 by URI (the federation's own); here also every other
        // spelling in alice's chain, an edge of another type, and edges that name the id but not this unit: a bare gt-1
        // in the observer's chain (its own chain has no such unit) and another chain's URI.
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Names it as external", i => i.DependsOn("external:gastown:gt-1"))
                .WithIssue("gt-4", "Names it by rig", i => i.DependsOn("gastown/gt-1", type: "related").DependsOn("gt-2"))
                .WithIssue("gt-5", "Names another unit", i => i.DependsOn("gt-3")),
            web: rig => rig
                .WithIssue("wb-3", "Names a gt-1 of its own chain", i => i.DependsOn("gt-1"))
                .WithIssue("wb-4", "Names a gt-1 of another chain", i => i.DependsOn("gt://bob@example.com/bobtown/gastown/gt-1")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().GetDependentsAsync(GtOne, Ct);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.GetDependentsAsync(GtOne, Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        Describe(indexed).ShouldBe(Describe(loaded));
        Describe(indexed).ShouldBe([
            $"{IndexedFederation.AliceChain}/gastown/gt-2 blocks gt-1",
            $"{IndexedFederation.AliceChain}/gastown/gt-3 blocks external:gastown:gt-1",
            $"{IndexedFederation.AliceChain}/gastown/gt-4 related gastown/gt-1",
            $"{IndexedFederation.ObserverChain}/web/wb-1 blocks {GtOne}",
        ]);
        indexed.Target.ToString().ShouldBe(GtOne);
        indexed.Chains.Select(c => c.Chain).ShouldBe(loaded.Chains.Select(c => c.Chain));
        indexed.Unreachable.ShouldBe(loaded.Unreachable);

        // Typed results serialize without reflection, as every query's.
        var json = System.Text.Json.JsonSerializer.Serialize(indexed, QueryJsonContext.Default.DependentsResult);
        json.ShouldContain("\"depends_on_id\":\"external:gastown:gt-1\"");

        // Only the four dependents' lines: never a whole chain.
        (town.Index.LinesParsedForAnswers - before).ShouldBe(4);

        // The rows read for it: every spelling in alice's chain, and in another only the URIs that name this very unit (the
        // observer's bare gt-1 and its URI of bob's gt-1 are not read at all: a remote writing many forms of a common id,
        // short or absolute, costs another chain's answer nothing).
        using (var reader = (await new IndexQuerySource(town.Index, town.Chains).OpenReaderAsync(Ct))!)
        {
            reader.GetEdgesNaming(GtUri.Parse(GtOne))!.Select(e => $"{e.WorkUnit.WorkId} {e.DependsOnId}").ShouldBe([
                "gt-2 gt-1", "gt-3 external:gastown:gt-1", "gt-4 gastown/gt-1", $"wb-1 {GtOne}",
            ]);
        }
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_unit_no_one_depends_on_or_no_chain_has_has_no_dependents_and_says_why_it_was_not_reached_and_a_reference_that_names_no_unit_is_bad_input()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        foreach (var queries in new[] { town.Queries, town.Queries.WithoutIndex() })
        {
            var unit = await queries.GetDependentsAsync("wb-2", Ct);
            unit.Dependents.ShouldBeEmpty();
            unit.TargetUnreachable.ShouldBeNull();

            // A unit its chain does not hold, and one of a chain no one registered: no dependents, and the answer says
            // why the unit itself was not reached (a mistyped id reads differently from a unit no one depends on).
            var missing = await queries.GetDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-99", Ct);
            missing.Dependents.ShouldBeEmpty();
            missing.Target.WorkId.ShouldBe("gt-99");
            missing.TargetUnreachable.ShouldNotBeNull().Reason.ShouldBe(UnreachableReason.UnknownId);
            missing.TargetUnreachable.Message.ShouldBe($"Chain {IndexedFederation.AliceChain} has no work unit 'gt-99' (never exported, deleted, or in a private rig).");
            var elsewhere = await queries.GetDependentsAsync("gt://nobody@example.com/town/gastown/gt-1", Ct);
            elsewhere.Dependents.ShouldBeEmpty();
            elsewhere.TargetUnreachable.ShouldNotBeNull().Reason.ShouldBe(UnreachableReason.NotRegistered);
            elsewhere.TargetUnreachable.Message.ShouldStartWith("Chain gt://nobody@example.com/town is not registered;");
            elsewhere.Chains.Select(c => c.Chain.ToString()).ShouldNotContain("gt://nobody@example.com/town");

            (await Should.ThrowAsync<FederationQueryException>(async () => await queries.GetDependentsAsync(IndexedFederation.AliceChain, Ct)))
                .Error.ShouldBe(FederationQueryError.BadInput);
        }

        // A reference that names no work unit is left to the load, which says why (as show does).
        sources.Take().ShouldBe(["index", "index", "index", "chains", "chains", "chains", "chains", "chains"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task On_random_federations_the_dependents_of_every_unit_are_the_same_from_the_index()
    {
        await Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (aliceCount, webCount, seed) = sample;
            var random = new Random(seed);
            string Reference(string ownPrefix, int count)
            {
                var n = random.Next(1, 9) + 10;
                return random.Next(6) switch
                {
                    0 => $"gt-{n}",
                    1 => $"wb-{n}",
                    2 => $"external:gastown:gt-{n}",
                    3 => $"{IndexedFederation.AliceChain}/gastown/gt-{n}",
                    4 => $"{IndexedFederation.ObserverChain}/web/wb-{n}",
                    _ => $"{ownPrefix}{random.Next(1, count + 1) + 10}",
                };
            }

            void Units(RigBuilder rig, string prefix, int count)
            {
                for (var n = 1; n <= count; n++)
                {
                    var id = $"{prefix}{n + 10}";
                    rig.WithIssue(id, $"Unit {id}", i =>
                    {
                        for (var d = random.Next(0, 3); d > 0; d--)
                        {
                            i.DependsOn(Reference(prefix, count), type: random.Next(3) == 0 ? "parent-child" : "blocks");
                        }
                    });
                }
            }

            using var federation = new IndexedFederation(gastown: rig => Units(rig, "gt-", aliceCount), web: rig => Units(rig, "wb-", webCount));
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();
            var targets = Enumerable.Range(11, 8).Select(n => $"{IndexedFederation.AliceChain}/gastown/gt-{n}")
                .Concat(Enumerable.Range(11, 8).Select(n => $"{IndexedFederation.ObserverChain}/web/wb-{n}"));
            foreach (var target in targets)
            {
                var loaded = await town.Queries.WithoutIndex().GetDependentsAsync(target, Ct);
                var indexed = await town.Queries.GetDependentsAsync(target, Ct);
                sources.Take().ShouldBe(["chains", "index"], $"sample {sample}, {target}");
                Describe(indexed).ShouldBe(Describe(loaded), $"sample {sample}, {target}");
                indexed.TargetUnreachable.ShouldBe(loaded.TargetUnreachable, $"sample {sample}, {target}");
                (indexed.TargetUnreachable is null).ShouldBe(int.Parse(target[(target.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture) <= 10 + (target.Contains("/gastown/", StringComparison.Ordinal) ? aliceCount : webCount), $"sample {sample}, {target}");
            }

            federation.AssertIndexNeverFailed();
        }, iter: 5, threads: 1);
    }

    [Fact]
    public async Task Pages_of_a_unit_s_dependents_walk_the_whole_answer_once_in_order_and_parse_only_their_own_lines()
    {
        // Four units depend on gt-1 (gt-4 by two spellings of one edge each: one line, one unit); pages of three.
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Names it as external", i => i.DependsOn("external:gastown:gt-1"))
                .WithIssue("gt-4", "Names it twice", i => i.DependsOn("gastown/gt-1", type: "related").DependsOn("gt-1", type: "tracks")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var whole = await town.Queries.GetDependentsAsync(GtOne, Ct);

        var before = town.Index.LinesParsedForAnswers;
        var first = await town.Queries.GetDependentsPageAsync(GtOne, 3, cancellationToken: Ct);
        var firstLines = town.Index.LinesParsedForAnswers - before;
        var second = await town.Queries.GetDependentsPageAsync(GtOne, 3, first.Next, Ct);
        var loadedFirst = await town.Queries.WithoutIndex().GetDependentsPageAsync(GtOne, 3, cancellationToken: Ct);
        var loadedSecond = await town.Queries.WithoutIndex().GetDependentsPageAsync(GtOne, 3, loadedFirst.Next, Ct);

        Describe(whole).Length.ShouldBe(5);
        Describe(first.Result).Concat(Describe(second.Result)).ShouldBe(Describe(whole));
        first.Result.Dependents.Select(d => d.WorkUnit.Uri).Distinct().Count().ShouldBe(3);
        (first.DependentCount, second.DependentCount).ShouldBe((4, 4));
        first.Next.ShouldNotBeNull();
        second.Next.ShouldBeNull();
        // Only the page's three units' lines, not the fourth's.
        firstLines.ShouldBe(3);
        // The loaded path cuts the same pages with the same tokens.
        Describe(loadedFirst.Result).ShouldBe(Describe(first.Result));
        Describe(loadedSecond.Result).ShouldBe(Describe(second.Result));
        loadedFirst.Next.ShouldBe(first.Next);
        first.Result.Chains.Select(c => c.Chain).ShouldBe(whole.Chains.Select(c => c.Chain));

        // A token of another unit's dependents, or of another kind of list, is refused, not taken for a first page.
        var other = await town.Queries.GetDependentsPageAsync(IndexedFederation.AliceChain + "/gastown/gt-2", 1, cancellationToken: Ct);
        var remotePage = await town.Queries.ListByRemotePageAsync("alice", 1, cancellationToken: Ct);
        foreach (var token in new[] { other.Next ?? "", remotePage.Next!, "not a token" }.Where(t => t.Length > 0))
        {
            var refused = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.GetDependentsPageAsync(GtOne, 3, token, Ct));
            refused.Error.ShouldBe(FederationQueryError.BadInput);
        }

        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.GetDependentsPageAsync(GtOne, 0, cancellationToken: Ct))).Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_walk_over_a_unit_s_dependents_reads_their_edges_once_and_each_page_s_lines_and_writes_the_whole_answer_s_document()
    {
        // Pages of two of the six dependents.
        using var federation = SixDependentsOfGtOne();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var whole = await town.Queries.GetDependentsAsync(GtOne, Ct);
        Describe(whole).Length.ShouldBe(7);

        var index = new CountingIndex(town.Services.GetRequiredService<IQueryIndex>());
        var queries = new FederationQueries(town.Services.GetRequiredService<IChainProvider>(), index: index);
        using var sources = new QuerySources();
        var pages = new List<DependentsPage>();
        var before = town.Index.LinesParsedForAnswers;
        using var document = new ListDocumentWriter(inMemoryItems: 1);
        await foreach (var page in queries.WalkDependentsAsync(GtOne, pageSize: 2, cancellationToken: Ct))
        {
            // Each page parses its own units' lines, never another's.
            (town.Index.LinesParsedForAnswers - before).ShouldBe(page.Result.Dependents.Select(d => d.WorkUnit.Uri).Distinct().Count());
            before = town.Index.LinesParsedForAnswers;
            pages.Add(page);
            foreach (var dependent in page.Result.Dependents)
            {
                document.Add(QueryDocuments.DependentItem(dependent));
            }
        }

        // Three pages from one reader, the edges naming the unit read once for the walk, not once a page.
        pages.Count.ShouldBe(3);
        sources.Take().ShouldBe(["index", "index", "index"]);
        (index.Readers, index.Calls(nameof(IQueryIndexReader.GetEdgesNaming))).ShouldBe((1, 1));
        pages.SelectMany(p => Describe(p.Result)).ShouldBe(Describe(whole));
        pages.ShouldAllBe(p => p.DependentCount == 6 && p.EdgeCount == 7);
        pages.Select(p => p.Result.Dependents.Select(d => d.WorkUnit.Uri).Distinct().Count()).ShouldBe([2, 2, 2]);
        pages[^1].Next.ShouldBeNull();
        pages[0].Result.Chains.Select(c => c.Chain).ShouldBe(whole.Chains.Select(c => c.Chain));

        // The page query gives the same pages with the same tokens.
        var second = await town.Queries.GetDependentsPageAsync(GtOne, 2, pages[0].Next, Ct);
        second.Next.ShouldBe(pages[1].Next);
        Describe(second.Result).ShouldBe(Describe(pages[1].Result));
        second.EdgeCount.ShouldBe(7);
        sources.Take().ShouldBe(["index"]);

        // Written page by page (spooled past the first item), the document is the whole answer's, byte for byte.
        using var written = new StringWriter();
        await document.WriteAsync(written, QueryDocuments.Dependents(pages[0].Result with { Dependents = [] }), Ct);
        written.ToString().ShouldBe(QueryDocuments.Dependents(whole).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);

        // Without the index: the answer loaded once, cut into the same pages with the same tokens.
        var loaded = new List<DependentsPage>();
        await foreach (var page in town.Queries.WithoutIndex().WalkDependentsAsync(GtOne, pageSize: 2, cancellationToken: Ct))
        {
            loaded.Add(page);
        }

        sources.Take().ShouldBe(["chains"]);
        loaded.Select(p => (string.Join(" | ", Describe(p.Result)), p.Next, p.DependentCount, p.EdgeCount))
            .ShouldBe(pages.Select(p => (string.Join(" | ", Describe(p.Result)), p.Next, p.DependentCount, p.EdgeCount)));

        // Nothing depends on gt-6: one empty page, the target's unit read.
        var none = new List<DependentsPage>();
        await foreach (var page in town.Queries.WalkDependentsAsync(IndexedFederation.AliceChain + "/gastown/gt-6", cancellationToken: Ct))
        {
            none.Add(page);
        }

        none.Single().Result.Dependents.ShouldBeEmpty();
        (none.Single().DependentCount, none.Single().EdgeCount, none.Single().Next, none.Single().Result.TargetUnreachable).ShouldBe((0, 0, null, null));
        Should.Throw<FederationQueryException>(() => town.Queries.WalkDependentsAsync(GtOne, pageSize: 0)).Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_walk_whose_index_fails_midway_ends_with_the_pages_of_the_loaded_answer_each_unit_once()
    {
        using var federation = SixDependentsOfGtOne();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var expected = new List<DependentsPage>();
        await foreach (var page in town.Queries.WithoutIndex().WalkDependentsAsync(GtOne, pageSize: 2, cancellationToken: Ct))
        {
            expected.Add(page);
        }

        // The index answers the first page, then its reader fails reading the second page's lines (a disk gone, a damaged
        // file): the walk logs it and loads the answer once, and cuts the rest after the last unit it gave.
        var index = new CountingIndex(town.Services.GetRequiredService<IQueryIndex>()) { FailOn = (nameof(IQueryIndexReader.GetWorkUnitsByUri), 2) };
        var queries = new FederationQueries(town.Services.GetRequiredService<IChainProvider>(), index: index);
        using var sources = new QuerySources();
        var pages = new List<DependentsPage>();
        await foreach (var page in queries.WalkDependentsAsync(GtOne, pageSize: 2, cancellationToken: Ct))
        {
            pages.Add(page);
        }

        sources.Take().ShouldBe(["index", "chains"]);
        index.Calls(nameof(IQueryIndexReader.GetWorkUnitsByUri)).ShouldBe(2);
        pages.Select(p => (string.Join(" | ", Describe(p.Result)), p.Next, p.DependentCount, p.EdgeCount))
            .ShouldBe(expected.Select(p => (string.Join(" | ", Describe(p.Result)), p.Next, p.DependentCount, p.EdgeCount)));
        pages.SelectMany(p => p.Result.Dependents.Select(d => d.WorkUnit.Uri)).Distinct().Count().ShouldBe(6);
    }

    /// <summary>Six units depend on gt-1 (gt-2 and wb-1 in every federation; gt-4 by two edges): seven edges.</summary>
    private static IndexedFederation SixDependentsOfGtOne() => new(
        gastown: rig => rig
            .WithIssue("gt-3", "Names it as external", i => i.DependsOn("external:gastown:gt-1"))
            .WithIssue("gt-4", "Names it twice", i => i.DependsOn("gastown/gt-1", type: "related").DependsOn("gt-1", type: "tracks"))
            .WithIssue("gt-5", "Names it bare", i => i.DependsOn("gt-1"))
            .WithIssue("gt-6", "Names it bare too", i => i.DependsOn("gt-1", type: "related")));

    /// <summary>The town's index, counting the readers opened and the calls made on them by name; failing one call when asked.</summary>
    private sealed class CountingIndex(IQueryIndex inner) : IQueryIndex
    {
        private readonly Dictionary<string, int> _calls = [];

        public int Readers { get; private set; }

        /// <summary>The method and the call of it (1 for the first) that throws, as a reader whose file went away does.</summary>
        public (string Method, int Call)? FailOn { get; init; }

        public int Calls(string method) => _calls.GetValueOrDefault(method);

        public async ValueTask<IQueryIndexReader?> OpenReaderAsync(CancellationToken cancellationToken = default)
        {
            if (await inner.OpenReaderAsync(cancellationToken) is not { } reader)
            {
                return null;
            }

            Readers++;
            var proxy = DispatchProxy.Create<IQueryIndexReader, CountingReader>();
            ((CountingReader)(object)proxy).Bind(reader, name =>
            {
                _calls[name] = Calls(name) + 1;
                if (FailOn is { } fail && fail.Method == name && fail.Call == _calls[name])
                {
                    throw new IOException("The index's file went away.");
                }
            });
            return proxy;
        }
    }

    /// <summary>Forwards every call to the real reader, counting it.</summary>
    public class CountingReader : DispatchProxy
    {
        private IQueryIndexReader _inner = null!;
        private Action<string> _count = null!;

        internal void Bind(IQueryIndexReader inner, Action<string> count) => (_inner, _count) = (inner, count);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            _count(targetMethod!.Name);
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }
    }

    private static string[] Describe(DependentsResult result)
        => [.. result.Dependents.Select(d => $"{d.WorkUnit.Uri} {d.Type.Value} {d.DependsOnId}")];
}
