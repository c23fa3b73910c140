using CsCheck;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>The index answers what the direct, in-memory queries answer, over real towns fetched over real git.</summary>
public sealed class IndexAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_list_from_the_index_equals_the_direct_list_on_the_upstream_fixture()
    {
        using var federation = new IndexedFederation(Fixtures.BeadsSyncIssuesBytes());
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        var direct = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var indexed = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 97 }, Ct);

        direct.Items.Count.ShouldBeGreaterThan(800);
        AssertSame(indexed, direct.Items);

        foreach (var status in new[] { WorkStatus.Open, WorkStatus.Closed, WorkStatus.Tombstone })
        {
            var directFiltered = await town.Queries.ListByRemoteAsync("alice", new WorkFilter(Status: status), Ct);
            var indexedFiltered = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Status = status, Limit = 50 }, Ct);
            AssertSame(indexedFiltered, directFiltered.Items);
        }
    }

    [Fact]
    public async Task The_local_town_is_indexed_and_answers_like_the_direct_list()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var local = town.Chain!.Value.ToString();

        var direct = await town.Queries.ListByRemoteAsync(local, cancellationToken: Ct);
        var indexed = await Paging.AllAsync(town.Index, new IndexQuery { Remote = local, Limit = 1 }, Ct);

        direct.Items.Count.ShouldBe(2);
        AssertSame(indexed, direct.Items);
    }

    [Fact]
    public async Task Show_returns_the_exact_upstream_line()
    {
        using var federation = new IndexedFederation(Fixtures.BeadsSyncIssuesBytes());
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var direct = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var upstream = File.ReadAllLines(federation.Alice.IssuesPathOf("gastown"));

        foreach (var expected in new[] { direct.Items[0], direct.Items[direct.Items.Count / 2], direct.Items[^1] })
        {
            var shown = await town.Index.ShowAsync(expected.Uri, Ct);
            shown.ShouldNotBeNull();
            shown.ShouldBe(expected);
            var line = System.Text.Encoding.UTF8.GetString(shown.UpstreamLine.Span);
            upstream.ShouldContain(line);
            shown.UpstreamLine.ToArray().ShouldBe(expected.UpstreamLine.ToArray());
        }

        (await town.Index.ShowAsync(GtUri.Parse(IndexedFederation.AliceChain + "/gastown/gt-nope"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task On_random_federations_the_index_answers_as_the_direct_queries()
    {
        // Each sample is a real town published and fetched over git, so a handful of samples, each of a random size and mix.
        await Gen.Select(Gen.Int[1, 400], Gen.Int[0, 10_000], Gen.Int[1, 60], Gen.Int[0, 3]).SampleAsync(async sample =>
        {
            var (count, seed, pageSize, statusPick) = sample;
            using var federation = new IndexedFederation(SyntheticIssues.Generate(count, seed));
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            var status = new WorkStatus?[] { null, WorkStatus.Open, WorkStatus.Closed, WorkStatus.Tombstone }[statusPick];

            var direct = await town.Queries.ListByRemoteAsync("alice", status is null ? null : new WorkFilter(Status: status), Ct);
            var indexed = await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Status = status, Limit = pageSize }, Ct);
            AssertSame(indexed, direct.Items);
        }, iter: 4, threads: 1);
    }

    internal static void AssertSame(IReadOnlyList<WorkUnitSummary> indexed, IReadOnlyList<WorkUnitSummary> direct)
    {
        indexed.Select(i => i.Uri.ToString()).ToList().ShouldBe(direct.Select(d => d.Uri.ToString()).ToList());
        for (var i = 0; i < direct.Count; i++)
        {
            indexed[i].ShouldBe(direct[i]);
            indexed[i].Rig.ShouldBe(direct[i].Rig);
            indexed[i].UpstreamLine.ToArray().ShouldBe(direct[i].UpstreamLine.ToArray());
        }
    }
}
