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

    private static long Count(SqliteConnection connection, string sql) => (long)IndexFile.Scalar(connection, sql)!;
}
