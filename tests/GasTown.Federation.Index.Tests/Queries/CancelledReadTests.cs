using System.Reflection;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SQLitePCL;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A read of the index stops when its caller cancels, in the middle of a statement (SQLite's interrupt), and ends as the
/// cancellation: not as an error of the index, not logged as the index failing, not answered by loading the chains instead.
/// Each test cancels from inside the read, so the statement is running when the token is cancelled.
/// </summary>
public sealed class CancelledReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_statement_running_when_the_token_is_cancelled_stops_and_reads_as_the_cancellation()
    {
        using var temp = new TempDirectory();
        using var connection = IndexDatabase.Open(temp.Combine("index.db"), readOnly: false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // A function the statement calls on each row: at the thousandth it cancels the token, as a caller would mid-read.
        connection.CreateFunction("cancel_at", (long row, long at) =>
        {
            if (row == at)
            {
                cancellation.Cancel();
            }

            return 1L;
        });

        using (IndexDatabase.InterruptOn(connection, cancellation.Token))
        {
            var failure = Should.Throw<SqliteException>(() => IndexDatabase.Scalar(connection, null, """
                WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000000)
                SELECT count(*) FROM n WHERE cancel_at(x, 1000) = 1
                """));
            failure.SqliteErrorCode.ShouldBe(raw.SQLITE_INTERRUPT, "without the interrupt the statement counts to five million");
            IndexDatabase.Cancelled(failure, cancellation.Token).ShouldBeOfType<OperationCanceledException>().CancellationToken.ShouldBe(cancellation.Token);
        }

        // The same error while nobody cancelled is not a cancellation, and the registration, disposed, interrupts nothing.
        IndexDatabase.Cancelled(new SqliteException("interrupted", raw.SQLITE_INTERRUPT), CancellationToken.None).ShouldBeNull();
        IndexDatabase.Scalar(connection, null, "SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2)").ShouldBe(2L);
    }

    [Fact]
    public async Task A_query_s_reader_stops_the_statement_it_streams_from_when_the_query_is_cancelled()
    {
        using var federation = new IndexedFederation(gastown: MoreBlockedIssues);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        using var reader = IndexQueryReader.TryOpen(town.Index, town.Services.GetRequiredService<GitChainProvider>(), null, cancellation.Token)!;
        using var rows = reader.StreamDependencies(GtUri.Parse(IndexedFederation.AliceChain), null).GetEnumerator();
        rows.MoveNext().ShouldBeTrue("alice's chain has five dependency rows");
        cancellation.Cancel();

        // The statement is still open on its second row: the interrupt stops it there.
        Should.Throw<SqliteException>(() => rows.MoveNext()).SqliteErrorCode.ShouldBe(raw.SQLITE_INTERRUPT);
    }

    [Fact]
    public async Task A_query_s_reader_starts_no_statement_once_the_query_is_cancelled()
    {
        // SQLite's interrupt stops only a statement already running: one cancelled between two reads is refused by the reader.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var reader = IndexQueryReader.TryOpen(town.Index, town.Services.GetRequiredService<GitChainProvider>(), null, cancellation.Token)!;
        reader.KnownChains.ShouldNotBeEmpty();

        cancellation.Cancel();
        Should.Throw<OperationCanceledException>(() => reader.KnownChains).CancellationToken.ShouldBe(cancellation.Token);
        Should.Throw<OperationCanceledException>(() => reader.TryFindWorkUnit(GtUri.Parse(IndexedFederation.AliceChain), "gt-1", out _));
    }

    [Fact]
    public async Task A_query_cancelled_while_the_index_reads_ends_as_cancelled_without_logging_a_failure_or_loading_the_chains()
    {
        using var federation = new IndexedFederation(gastown: MoreBlockedIssues);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // The real index, whose reader's dependency rows cancel the query after the first row (its statement still open).
        var index = new CancellingIndex(town.Services.GetRequiredService<IQueryIndex>(), cancellation);
        var logger = new FakeLogger<FederationQueries>();
        var provider = new CountingProvider(town.Services.GetRequiredService<IChainProvider>());
        var queries = new FederationQueries(provider, logger: logger, index: index);

        // Caught here, not by Should.ThrowAsync: a cancelled task awaited there comes back as a new TaskCanceledException.
        OperationCanceledException? cancelled = null;
        try
        {
            await queries.GetReadyWorkGapsAsync(cancellation.Token);
        }
        catch (OperationCanceledException exception)
        {
            cancelled = exception;
        }

        cancelled.ShouldNotBeNull("the query ends as cancelled");
        cancelled.CancellationToken.ShouldBe(cancellation.Token);
        cancelled.InnerException.ShouldBeOfType<SqliteException>().SqliteErrorCode.ShouldBe(raw.SQLITE_INTERRUPT, "the statement was stopped, not read to its end");
        index.Streams.ShouldBe(1);
        logger.Collector.GetSnapshot().ShouldNotContain(r => r.Id.Name == "IndexFailed");
        provider.Loads.ShouldBe(0, "a cancelled query loads nothing");
    }

    private static void MoreBlockedIssues(RigBuilder rig)
        => rig.WithIssue("gt-3", "Needs gt-1 too", i => i.DependsOn("gt-1"))
            .WithIssue("gt-4", "Needs gt-2", i => i.DependsOn("gt-2"))
            .WithIssue("gt-5", "Needs gt-3", i => i.DependsOn("gt-3"))
            .WithIssue("gt-6", "Needs gt-4", i => i.DependsOn("gt-4"));

    /// <summary>The index a query is given, whose readers cancel the query after the first dependency row of alice's chain they stream.</summary>
    internal sealed class CancellingIndex(IQueryIndex inner, CancellationTokenSource cancellation) : IQueryIndex
    {
        public int Streams { get; private set; }

        public async ValueTask<IQueryIndexReader?> OpenReaderAsync(CancellationToken cancellationToken = default)
        {
            var reader = await inner.OpenReaderAsync(cancellationToken);
            if (reader is null)
            {
                return null;
            }

            var proxy = DispatchProxy.Create<IQueryIndexReader, CancellingReader>();
            ((CancellingReader)(object)proxy).Bind(reader, this);
            return proxy;
        }

        internal IEnumerable<QueryIndexDependency> CancelAfterFirst(IEnumerable<QueryIndexDependency> rows)
        {
            Streams++;
            var first = true;
            foreach (var row in rows)
            {
                yield return row;
                if (first)
                {
                    first = false;
                    cancellation.Cancel();
                }
            }
        }
    }

    /// <summary>Forwards every call to the real reader; alice's streamed dependency rows go through <see cref="CancellingIndex.CancelAfterFirst"/>.</summary>
    public class CancellingReader : DispatchProxy
    {
        private IQueryIndexReader _inner = null!;
        private CancellingIndex _index = null!;

        internal void Bind(IQueryIndexReader inner, CancellingIndex index)
        {
            _inner = inner;
            _index = index;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                var result = targetMethod!.Invoke(_inner, args);
                return targetMethod.Name == nameof(IQueryIndexReader.StreamDependencies) && args![0]!.ToString() == IndexedFederation.AliceChain
                    ? _index.CancelAfterFirst((IEnumerable<QueryIndexDependency>)result!)
                    : result;
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }
    }

    /// <summary>A chain provider that counts the chains a query asks it to load.</summary>
    private sealed class CountingProvider(IChainProvider inner) : IChainProvider
    {
        public int Loads { get; private set; }

        public ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default) => inner.GetKnownChainsAsync(cancellationToken);

        public ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
        {
            Loads++;
            return inner.GetChainAsync(chain, cancellationToken);
        }

        public ValueTask<ChainResult> GetChainAsync(GtUri chain, ChainFetchMode fetch, CancellationToken cancellationToken = default)
        {
            Loads++;
            return inner.GetChainAsync(chain, fetch, cancellationToken);
        }
    }
}
