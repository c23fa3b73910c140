using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// <see cref="ChainLimits.MaxDependencies"/> is one of the limits an index's refusal records: a host allowing more edges
/// than the host that refused a chain indexes it again and answers, as for every other limit; and the index keeps each
/// chain's edge count, so a stricter host over that index loads (and refuses) the chain instead of answering its rows.
/// </summary>
public sealed class DependencyLimitIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chain_refused_for_its_edges_answers_for_a_host_allowing_more_and_not_for_a_stricter_one()
    {
        using var federation = new IndexedFederation(alice: b => b.WithRig("tools", "tl-", r => r
            .WithIssue("tl-1", "A tool")
            .WithIssue("tl-2", "Needs the tool", i => i.DependsOn("tl-1"))
            .WithIssue("tl-3", "Needs it too", i => i.DependsOn("tl-1"))))
        {
            AliceRigs = ["gastown", "tools"],
        };
        await federation.ConnectAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 1)))
        {
            var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("ChainLimits.MaxDependencies");
        }

        await using (var roomier = federation.OpenObserver())
        {
            (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
            (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldContain(u => u.Uri.ToString().EndsWith("/tools/tl-3", StringComparison.Ordinal));
        }

        // The stricter host again, over the index the roomier one wrote (her edges counted in it): its query loads her chain
        // and refuses it, as its own load does, instead of answering the index's rows.
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 1)))
        {
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_index_counts_the_edges_of_lines_that_hold_no_row_as_a_load_counts_them()
    {
        // Six edges as a load counts them before parsing: an earlier line of an id the file repeats (its row is the later
        // line's), and a line the reader drops (a number for a status) hold no row in the index, but hold edges for the load.
        var issues = Line("gt-1", 2) + Line("gt-1", 2) + Line("gt-9", 2, status: "5");
        using var federation = new IndexedFederation(aliceIssues: Encoding.UTF8.GetBytes(issues));
        await federation.ConnectAsync(Ct);

        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 5)))
        {
            var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("6 dependency edges");
        }

        await using (var exact = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 6)))
        {
            (await exact.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
            (await exact.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldHaveSingleItem().Uri.ToString().ShouldEndWith("/gastown/gt-1");
        }

        // The load decides alike on the same bytes (the loader's own count, DependencyEdgeCount).
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 5)))
        {
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task An_index_of_version_28_counts_again_the_edges_of_its_files_lines_that_hold_no_row()
    {
        var issues = Line("gt-1", 2) + Line("gt-1", 2) + Line("gt-9", 2, status: "5");
        using var federation = new IndexedFederation(aliceIssues: Encoding.UTF8.GetBytes(issues));
        await federation.ConnectAsync(Ct);
        await using (var first = federation.OpenObserver())
        {
            await first.Index.RefreshAsync(cancellationToken: Ct);
        }

        // Back to version 28: no count of the edges of lines that hold no row (its chain was counted as its two rows).
        using (var connection = IndexFile.Open(Path.Combine(federation.Observer.Root, "federation", "index.db")))
        {
            IndexFile.Execute(connection, """
                ALTER TABLE files DROP COLUMN dep_extra;
                UPDATE chains SET dep_edges = 2 WHERE remote = 'alice';
                UPDATE meta SET value = '28' WHERE key = 'schema_version';
                """);
        }

        // Her unchanged file is read again (it drops a line and repeats an id): six edges, as a load counts them.
        await using var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 5));
        var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        alice.Message!.ShouldContain("6 dependency edges");
    }

    private static string Line(string id, int edges, string status = "\"open\"")
        => $"{{\"id\":\"{id}\",\"title\":\"Unit {id}\",\"status\":{status},\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\",\"dependencies\":["
           + string.Join(",", Enumerable.Range(0, edges).Select(i => $"{{\"issue_id\":\"{id}\",\"depends_on_id\":\"gt-ghost{i}\",\"type\":\"blocks\"}}"))
           + "]}\n";
}
