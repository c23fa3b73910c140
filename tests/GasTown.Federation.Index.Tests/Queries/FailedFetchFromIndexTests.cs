using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.Index.Tests.Federations;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A remote with nothing fetched whose fetch then failed: a later process's query from the index says that failure, as
/// a load does (the fetch records it in git config), not "never fetched", which its index row still says.
/// </summary>
public sealed class FailedFetchFromIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_fetch_of_a_remote_never_fetched_is_said_as_that_failure()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using (var observer = federation.OpenObserver())
        {
            observer.Remotes.Add("ghost", federation.Temp("no-such-repository"), GtUri.Parse("gt://ghost@example.com/town"));
            (await observer.Queries.ListByRemoteAsync("ghost", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.NeverFetched);
            await Should.ThrowAsync<GasTown.Federation.GitTransport.RemoteFetchException>(() => observer.FetchAsync("ghost", cancellationToken: Ct));
        }

        await using (var later = federation.OpenObserver())
        {
            var indexed = await later.Queries.ListByRemoteAsync("ghost", cancellationToken: Ct);
            var loaded = await later.Queries.WithoutIndex().ListByRemoteAsync("ghost", cancellationToken: Ct);

            var unreachable = indexed.Unreachable.ShouldHaveSingleItem();
            unreachable.Reason.ShouldBe(UnreachableReason.FetchFailed);
            unreachable.Message.ShouldContain("The last fetch of remote 'ghost'");
            indexed.Unreachable.ShouldBe(loaded.Unreachable);
            (await later.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldNotBeEmpty();

            // And the index's own row says it too, not "never fetched" (its tip did not move, but the fetch changed the answer).
            var row = (await later.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "ghost");
            row.Unavailable.ShouldBe(ChainUnavailableReason.FetchFailed);
            row.Message!.ShouldContain("The last fetch of remote 'ghost'");
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_fetched_with_no_branch_to_read_is_said_as_fetched_not_as_never_fetched()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var empty = federation.Temp("empty.git");
        Directory.CreateDirectory(empty);
        GasTown.Federation.TestSupport.GitCli.Run(empty, "init", "--quiet", "--bare");
        await using (var observer = federation.OpenObserver())
        {
            observer.Remotes.Add("ghost", empty, GtUri.Parse("gt://ghost@example.com/town"));
            (await observer.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "ghost").Message!.ShouldContain("was never fetched");

            // Nothing published is no failure of the fetch: it succeeds, and has nothing to read.
            (await observer.FetchAsync("ghost", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        }

        await using (var later = federation.OpenObserver())
        {
            var row = (await later.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "ghost");
            row.Unavailable.ShouldBe(ChainUnavailableReason.NeverFetched);
            row.Message!.ShouldContain("was fetched but has no branch to read (gt/published)");

            var indexed = await later.Queries.ListByRemoteAsync("ghost", cancellationToken: Ct);
            var unreachable = indexed.Unreachable.ShouldHaveSingleItem();
            unreachable.Reason.ShouldBe(UnreachableReason.NeverFetched);
            unreachable.Message.ShouldStartWith("Chain gt://ghost@example.com/town was fetched (");
            unreachable.Message.ShouldContain("has no branch to read (gt/published)");
            unreachable.Message.ShouldNotContain("never fetched");
            indexed.Unreachable.ShouldBe((await later.Queries.WithoutIndex().ListByRemoteAsync("ghost", cancellationToken: Ct)).Unreachable);
        }

        federation.AssertIndexNeverFailed();
    }
}
