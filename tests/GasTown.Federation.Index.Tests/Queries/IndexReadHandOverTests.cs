using System.Data;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A query's check that the index is current hands its open read (and the remotes and tips it read) to the query's
/// reader, which then owns it; a stale index is brought up to date first and hands nothing on.
/// </summary>
public sealed class IndexReadHandOverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_current_index_hands_its_read_to_the_reader_and_a_stale_one_is_indexed_first()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        federation.Observer.BackdateOwnFiles(); // so that the index can be current

        string before;
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            before = Alice(await town.Index.GetChainsAsync(Ct)).Revision!;
            var read = await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct);
            read.ShouldNotBeNull("the index is current: the check's read is handed on");
            read.Registry.Remotes.Select(r => r.Name).ShouldBe(["alice"]);
            read.Registry.Tips["alice"].ShouldBe(before);

            // The reader owns it: disposing the reader closes the connection the check opened.
            var reader = IndexQueryReader.TryOpen(town.Index, town.Services.GetRequiredService<GitChainProvider>(), read, Ct);
            reader.ShouldNotBeNull();
            reader.KnownChains.Select(c => c.ToString()).ShouldContain(IndexedFederation.AliceChain);
            reader.Dispose();
            read.Connection.State.ShouldBe(ConnectionState.Closed);
        }

        File.AppendAllText(federation.Alice.IssuesPathOf("gastown"), """{"id":"gt-9","title":"Fetched after the index"}""" + "\n");
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            (await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct)).ShouldBeNull("a new tip: the index is brought up to date, and the reader opens its own read");
            var after = Alice(await town.Index.GetChainsAsync(Ct)).Revision!;
            after.ShouldNotBe(before);
            using var read = await town.Index.RefreshForReadAsync(TimeSpan.Zero, Ct);
            read.ShouldNotBeNull();
            read.Registry.Tips["alice"].ShouldBe(after);
        }
    }

    private static IndexedChain Alice(IReadOnlyList<IndexedChain> chains) => chains.Single(c => c.Uri.ToString() == IndexedFederation.AliceChain);
}
