using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// A first build of a big file drops the secondary indexes and creates them after its rows are in: they must all be
/// there afterwards, hold every row, and the answers must equal the direct ones.
/// </summary>
public sealed class BulkBuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_bulk_build_every_secondary_index_exists_and_covers_every_row()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(3_000, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).LinesParsed.ShouldBe(3_000);

        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            var units = Count(connection, "SELECT count(*) FROM units");
            var deps = Count(connection, "SELECT count(*) FROM deps");
            var unitActors = Count(connection, "SELECT count(*) FROM unit_actors");
            unitActors.ShouldBeGreaterThan(0);
            units.ShouldBeGreaterThan(3_000);
            foreach (var (name, _) in IndexSchema.SecondaryIndexes)
            {
                Count(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{name}'").ShouldBe(1);
                var (table, rows) = name.StartsWith("deps", StringComparison.Ordinal) ? ("deps", deps)
                    : name.StartsWith("unit_actors", StringComparison.Ordinal) ? ("unit_actors", unitActors)
                    : ("units", units);
                Count(connection, $"SELECT count(*) FROM {table} INDEXED BY {name}").ShouldBe(rows);
            }

            IndexFile.Scalar(connection, "PRAGMA integrity_check").ShouldBe("ok");
        }

        var direct = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        IndexAnswerTests.AssertSame(await Paging.AllAsync(town.Index, new IndexQuery { Remote = "alice", Limit = 1_000 }, Ct), direct.Items);
    }

    [Fact]
    public async Task A_build_leaves_no_write_ahead_log_the_size_of_what_it_wrote()
    {
        using var federation = new IndexedFederation(SyntheticIssues.Generate(3_000, seed: 11));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var list = await town.Index.ListAsync(new IndexQuery { Remote = "alice", Limit = 5 }, Ct);
        list.Items.Count.ShouldBe(5);

        // The build wrote every page of the file through the log. The log is checkpointed into the file and emptied when
        // the writer is done, with the town still open (a host reads on); a statement left unfinalised keeps the writer's
        // connection from closing, and the log stays as large as the file (seen: 62 MB beside a 60 MB index). It catches
        // such a leak unless a garbage collection finalises the statement before the test looks (it did with one removed
        // from UnitWriter.Dispose).
        var database = new FileInfo(town.Index.DatabasePath).Length;
        var log = town.Index.DatabasePath + "-wal";
        var logLength = File.Exists(log) ? new FileInfo(log).Length : 0;
        database.ShouldBeGreaterThan(1_000_000);
        logLength.ShouldBeLessThan(64 * 1024, $"index.db-wal is {logLength} bytes beside an index.db of {database}");
    }

    private static long Count(SqliteConnection connection, string sql) => (long)IndexFile.Scalar(connection, sql)!;
}
