using CsCheck;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// <c>show</c> through the town's queries answers from the index (one line per unit it names) with the answer loading
/// the chains gives, and loads the chains whenever the index cannot describe them exactly. Real towns, real git, real SQLite.
/// </summary>
public sealed class IndexedShowTests
{
    internal const string Unregistered = "gt://nobody@example.com/elsewhere/gt-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_answers_from_the_index_what_loading_the_chains_answers()
    {
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Many edges", i => i.Description("Across the federation").Labels("index", "show")
                    .DependsOn("gt-1").DependsOn("gt-404").DependsOn("external:gastown:gt-2", "parent-child")
                    .DependsOn(Unregistered, "related").DependsOn("gt://obs@example.com/observer/web/wb-2")),
            web: rig => rig.WithIssue("wb-3", "Waits on alice and on nothing", i => i.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-3").DependsOn("wb-9")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        town.Queries.UsesIndex.ShouldBeTrue();
        using var sources = new QuerySources();

        var observer = town.Chain!.Value.ToString();
        var references = new[]
        {
            "wb-1", "web/wb-3", observer + "/web/wb-2", observer + "/wb-3",
            IndexedFederation.AliceChain + "/gastown/gt-1", IndexedFederation.AliceChain + "/gastown/gt-2", IndexedFederation.AliceChain + "/gt-3",
        };
        foreach (var reference in references)
        {
            var loaded = await town.Queries.WithoutIndex().ShowAsync(reference, Ct);
            var before = town.Index.LinesParsedForAnswers;
            var indexed = await town.Queries.ShowAsync(reference, Ct);

            sources.Take().ShouldBe(["chains", "index"], reference);
            ShowAssert.Same(indexed, loaded);

            // One line for the unit and one for each dependency target found: never a whole chain.
            (town.Index.LinesParsedForAnswers - before).ShouldBe(1 + loaded.Dependencies.Count(d => d.Status is not null), reference);
        }

        var many = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-3", Ct);
        many.Dependencies.Select(d => d.Unreachable).ShouldBe([null, UnreachableReason.UnknownId, null, UnreachableReason.NotRegistered, null]);
        many.Chains.Select(c => c.Chain.ToString()).ShouldBe([IndexedFederation.AliceChain, "gt://nobody@example.com/elsewhere", observer]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_missing_work_unit_fails_the_same_from_the_index()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        foreach (var reference in new[] { IndexedFederation.AliceChain + "/gastown/gt-nope", "wb-77" })
        {
            var loaded = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
            var indexed = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ShowAsync(reference, Ct));
            indexed.Error.ShouldBe(FederationQueryError.NotFound);
            indexed.Message.ShouldBe(loaded.Message);
            indexed.Target.ShouldBe(loaded.Target);
            (indexed.Reason, loaded.Reason).ShouldBe((UnreachableReason.UnknownId, UnreachableReason.UnknownId));
            if (reference.StartsWith("gt://", StringComparison.Ordinal))
            {
                // A fetched chain may have the unit since: says when it was fetched, and that a fetch may bring it.
                indexed.Message.ShouldMatch(@"had no work unit 'gt-nope' when it was last fetched \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)\. Check the id, or fetch the chain again");
            }
            else
            {
                // The local town is read as it is now: no fetch would bring a unit it does not have.
                indexed.Message.ShouldBe($"Chain {IndexedFederation.ObserverChain} has no work unit 'wb-77'. Check the id.");
            }
        }

        // The short form resolves in the local town from the index too: no load of any chain.
        sources.Take().ShouldBe(["chains", "index", "chains", "index"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Showing_one_unit_of_a_big_chain_parses_only_the_lines_it_names()
    {
        var issues = SyntheticIssues.Generate(20_000, seed: 7);
        using var federation = new IndexedFederation(issues);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var lines = System.Text.Encoding.UTF8.GetString(issues).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var id = System.Text.Json.JsonDocument.Parse(lines[12_345]).RootElement.GetProperty("id").GetString()!;
        using var sources = new QuerySources();

        var before = town.Index.LinesParsedForAnswers;
        var shown = await town.Queries.ShowAsync($"{IndexedFederation.AliceChain}/gastown/{id}", Ct);

        sources.Take().ShouldBe(["index"]);
        (town.Index.LinesParsedForAnswers - before).ShouldBe(1 + shown.Dependencies.Count(d => d.Status is not null));
        System.Text.Encoding.UTF8.GetString(shown.WorkUnit.UpstreamLine.Span).ShouldBe(lines[12_345]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync($"{IndexedFederation.AliceChain}/gastown/{id}", Ct));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_chain_with_a_dropped_line_is_shown_from_the_index_as_a_load_shows_it()
    {
        // A line that is not JSON: the load reports it dropped (with its reason and line); the index stored what the load
        // says of it when the chain was indexed (IrregularLineTests has every kind).
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssueLine("{not json"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var shown = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-2", Ct);

        sources.Take().ShouldBe(["index"]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(IndexedFederation.AliceChain + "/gastown/gt-2", Ct));
        shown.Chains[0].DroppedLines.ShouldBe(1);
        shown.Dependencies[0].Status.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_index_that_cannot_be_built_or_is_damaged_leaves_show_to_the_chains()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var reference = IndexedFederation.AliceChain + "/gastown/gt-2";
        using var sources = new QuerySources();

        // A folder where the index file should be: the index cannot be opened, the query loads the chains.
        var path = Path.Combine(federation.Observer.Root, "federation", "index.db");
        Directory.CreateDirectory(path);
        await using (var town = federation.OpenObserver())
        {
            ShowAssert.Same(await town.Queries.ShowAsync(reference, Ct), await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
            sources.Take().ShouldBe(["chains", "chains"]);
        }

        // A damaged row (its line no longer matches its hash): the index refuses it and the query loads the chains.
        Directory.Delete(path);
        await using (var town = federation.OpenObserver())
        {
            (await town.Queries.ShowAsync(reference, Ct)).WorkUnit.Id.ShouldBe("gt-2");
            sources.Take().ShouldBe(["index"]);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE units SET line = CAST('{\"id\":\"gt-2\",\"title\":\"forged\"}' AS BLOB) WHERE unit_id = 'gt-2'";
                command.ExecuteNonQuery().ShouldBe(1);
            }

            var shown = await town.Queries.ShowAsync(reference, Ct);
            sources.Take().ShouldBe(["chains"]);
            shown.WorkUnit.Title.ShouldBe("Needs gt-1");
            ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
        }
    }

    [Fact]
    public async Task On_random_federations_show_answers_the_same_from_the_index()
    {
        // Each sample is two real towns, one published and fetched over git: a few samples of random edges.
        await Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (aliceCount, webCount, seed) = sample;
            var random = new Random(seed);
            var unresolvable = false;
            // Two times in three alice publishes an api rig holding a copy of one of gastown's ids (another status, its own
            // edge; sometimes an id gastown does not hold), and a unit waiting on that id: gastown's unit is the one the id
            // names, whichever rig a URI says.
            var copied = random.Next(3) != 0 ? random.Next(1, aliceCount + 3) : (int?)null;
            using var federation = new IndexedFederation(
                gastown: rig => unresolvable |= AddRandom(rig, "gt-", 3, aliceCount, random, "web"),
                web: rig => unresolvable |= AddRandom(rig, "wb-", 3, webCount, random, "gastown"),
                alice: town => _ = copied is { } id ? town.WithRig("api", "ap-", rig => rig
                    .WithIssue("ap-1", "Waits on the copied id", i => i.DependsOn($"gt-{id}"))
                    .WithIssue($"gt-{id}", "A copy in api", i => i.Status(new[] { "open", "closed" }[random.Next(2)]).DependsOn($"gt-{random.Next(1, aliceCount + 3)}", "blocks"))) : town)
            { AliceRigs = copied is null ? ["gastown"] : ["gastown", "api"] };
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            var observer = town.Chain!.Value.ToString();
            var references = Enumerable.Range(1, aliceCount + 2).Select(i => $"{IndexedFederation.AliceChain}/gastown/gt-{i}")
                .Concat(Enumerable.Range(1, webCount + 2).SelectMany(i => new[] { $"wb-{i}", $"{observer}/web/wb-{i}" }))
                .Concat(copied is { } c ? [$"{IndexedFederation.AliceChain}/api/ap-1", $"{IndexedFederation.AliceChain}/api/gt-{c}"] : []);
            using var sources = new QuerySources();
            foreach (var reference in references)
            {
                await AssertSameAsync(town, reference);
            }

            // Every indexed answer was compared with a loaded one, and every show came from the index: a chain with a
            // cross-reference no route resolves too (the load's warning is stored with it).
            federation.AssertIndexNeverFailed();
            sources.Take().Where((_, i) => i % 2 == 1).ShouldAllBe(s => s == "index", $"sample {sample}, unresolvable {unresolvable}, copied {copied}");
        }, iter: 6, threads: 1);
    }

    private static async Task AssertSameAsync(Town town, string reference)
    {
        ShowResult? loaded = null;
        FederationQueryException? loadFailed = null;
        try
        {
            loaded = await town.Queries.WithoutIndex().ShowAsync(reference, Ct);
        }
        catch (FederationQueryException ex)
        {
            loadFailed = ex;
        }

        if (loadFailed is not null)
        {
            var failed = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.ShowAsync(reference, Ct));
            failed.Error.ShouldBe(loadFailed.Error, reference);
            failed.Message.ShouldBe(loadFailed.Message, reference);
            return;
        }

        ShowAssert.Same(await town.Queries.ShowAsync(reference, Ct), loaded!);
    }

    // Issues 3.. of a rig with random statuses and random edges: local (present or not), into the other town, to an
    // unregistered chain, external:<rig>:<id>, and text that is no reference; sometimes the first of them said again.
    // Returns whether it wrote a cross-reference no route resolves.
    internal static bool AddRandom(RigBuilder rig, string prefix, int first, int count, Random random, string otherRig, bool unresolvableToo = true)
    {
        var unresolvable = false;
        var other = otherRig == "web" ? "gt://obs@example.com/observer/web/wb-" : IndexedFederation.AliceChain + "/gastown/gt-";
        for (var n = first; n < first + count; n++)
        {
            var status = new[] { "open", "in_progress", "closed", "blocked" }[random.Next(4)];
            rig.WithIssue(prefix + n, "Random " + n, issue =>
            {
                issue.Status(status).Priority(random.Next(5));
                for (var d = random.Next(4); d > 0; d--)
                {
                    var type = new[] { "blocks", "parent-child", "related", "waits-for" }[random.Next(4)];
                    var target = random.Next(6) switch
                    {
                        0 => prefix + random.Next(1, first + count + 2),
                        1 => other + random.Next(1, 8),
                        2 => Unregistered,
                        3 => $"external:{rig.Name}:{prefix}{random.Next(1, first + count)}",
                        4 when unresolvableToo && random.Next(4) == 0 => random.Next(2) == 0 ? "external:nosuchrig:zz-1" : "external:beads",
                        4 => prefix + random.Next(1, 3),
                        _ => "not a reference!",
                    };
                    unresolvable |= target.StartsWith("external:nosuchrig", StringComparison.Ordinal) || target == "external:beads";
                    issue.DependsOn(target, type);
                }
            });
        }

        // Sometimes the first of them again, later in the file, with another status and an edge of its own: the last line
        // is the unit, in every answer.
        if (random.Next(3) == 0)
        {
            var status = new[] { "open", "in_progress", "closed", "blocked" }[random.Next(4)];
            rig.WithIssue(prefix + first, "Random again " + first, issue => issue.Status(status).Priority(random.Next(5)).DependsOn(prefix + random.Next(1, first + count), "blocks"));
        }

        return unresolvable;
    }
}
