using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Git;

/// <summary>
/// Issue 13, "read-only commands hang on the network": a query answers from what was fetched and never fetches a
/// remote on its own, even one never fetched and even with GitTransport's default policy; the caller asks with
/// <see cref="FederationQueries.WithFetch"/>. Over real git repositories.
/// </summary>
public sealed class NeverFetchUnaskedTests : IDisposable
{
    private const string Alice = "gt://alice@example.com/town";
    private readonly TempDirectory temp = new("gtfed-nofetch");
    private readonly List<IDisposable> disposables = [];
    private FederationRepository? aliceRepository;
    private string? aliceRoot;
    private ChainFetcher? fetcher;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_never_fetched_remote_is_reported_with_what_to_do_and_is_not_fetched()
    {
        var (queries, registry) = await SetUpAsync();

        var result = await queries.ListByRemoteAsync("alice", cancellationToken: Ct);

        result.Items.ShouldBeEmpty();
        var item = result.Unreachable.ShouldHaveSingleItem();
        item.Reason.ShouldBe(UnreachableReason.NeverFetched);
        // Said to whoever reads the host's answer: the step, with neither a command nor an SDK call (GtWeb shows it as it is).
        item.Message.ShouldBe("Chain gt://alice@example.com/town is registered but was never fetched, and this query does not go to the network unasked; fetch the remote first.");
        registry.Get("alice").LastFetchedAt.ShouldBeNull();
        queries.Fetch.ShouldBe(ChainFetchMode.Never);
    }

    [Fact]
    public async Task Showing_a_unit_of_it_fails_naming_the_chain_so_a_host_can_find_the_remote_to_fetch()
    {
        var (queries, registry) = await SetUpAsync();

        var error = await Should.ThrowAsync<FederationQueryException>(async () => await queries.ShowAsync(Alice + "/gastown/gt-1", Ct));

        error.Reason.ShouldBe(UnreachableReason.NeverFetched);
        error.Chain.ShouldBe(GtUri.Parse(Alice));
        registry.TryFindByChain(error.Chain.GetValueOrDefault(), out var remote).ShouldBeTrue();
        remote.Name.ShouldBe("alice");
    }

    [Fact]
    public async Task Asking_for_it_fetches_the_missing_remote_for_that_call_only()
    {
        var (queries, registry) = await SetUpAsync();

        var fetched = await queries.WithFetch(ChainFetchMode.IfMissing).ListByRemoteAsync("alice", cancellationToken: Ct);

        fetched.Items.Select(i => i.Id).ShouldBe(["gt-1"]);
        fetched.Chains.ShouldHaveSingleItem().DataAsOf.ShouldNotBeNull();
        registry.Get("alice").LastFetchedAt.ShouldNotBeNull();
        queries.Fetch.ShouldBe(ChainFetchMode.Never);
    }

    [Fact]
    public async Task A_refused_newer_snapshot_is_said_in_the_result_that_answers_from_the_older_one()
    {
        var (queries, _) = await SetUpAsync();
        var fetching = queries.WithFetch(ChainFetchMode.IfMissing);
        (await fetching.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.Select(i => i.Id).ShouldBe(["gt-1"]);

        // alice's repository now publishes a town.json naming another owner: the fetched snapshot is refused.
        var townJson = Path.Combine(aliceRoot!, "mayor", "town.json");
        await File.WriteAllTextAsync(townJson, (await File.ReadAllTextAsync(townJson, Ct)).Replace("alice@example.com", "mallory@evil.com", StringComparison.Ordinal), Ct);
        await new TownPublisher(aliceRepository!, aliceRoot!).PublishAsync(new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com" }, Ct);
        // The fetch itself reports the refusal as a failure of that remote.
        await Should.ThrowAsync<RemoteFetchException>(() => fetcher!.FetchAsync("alice", cancellationToken: Ct));

        var result = await queries.ListByRemoteAsync("alice", cancellationToken: Ct);

        result.Items.Select(i => i.Id).ShouldBe(["gt-1"]);
        var alice = result.Chains.ShouldHaveSingleItem();
        // ChainResult's notice is kept (ChainSession dropped ChainResult.Message before), and the state says it.
        alice.Trust.ShouldBe(ChainTrust.OlderSnapshot);
        alice.Notes.ShouldContain(n => n.Contains("older snapshot", StringComparison.Ordinal) && n.Contains("was refused", StringComparison.Ordinal), string.Join(" | ", alice.Notes));
    }

    public void Dispose()
    {
        foreach (var d in disposables)
        {
            d.Dispose();
        }

        temp.Dispose();
    }

    private async Task<(FederationQueries Queries, RemoteRegistry Registry)> SetUpAsync()
    {
        var alice = TownBuilder.At(temp.Combine("alice")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "Alice's task")).Build();
        var observer = TownBuilder.At(temp.Combine("observer")).Named("town").OwnedBy("observer@example.com")
            .WithRig("notes", "nt-", r => r.WithIssue("nt-1", "Observer's")).Build();

        var aliceRepo = Track(FederationRepository.ForTown(alice.Root));
        aliceRepository = aliceRepo;
        aliceRoot = alice.Root;
        aliceRepo.EnsureCreated();
        await new TownPublisher(aliceRepo, alice.Root).PublishAsync(new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com" }, Ct);

        var observerRepo = Track(FederationRepository.ForTown(observer.Root));
        observerRepo.EnsureCreated();
        var registry = new RemoteRegistry(observerRepo);
        registry.Add("alice", aliceRepo.Path, GtUri.Parse(Alice));

        // GitTransport's default policy (fetch when older than 15 minutes) would fetch a never-fetched remote.
        var options = new GitTransportOptions { TownRoot = observer.Root, FetchTimeout = TimeSpan.FromSeconds(60) };
        fetcher = new ChainFetcher(registry, options);
        var provider = new GitChainProvider(registry, fetcher, new ChainLoader(new ParsedBlobCache()), options);
        return (new FederationQueries(provider), registry);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        disposables.Add(disposable);
        return disposable;
    }
}
