using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A remote whose published branch is deleted is a failed fetch (NotPublished), its last snapshot is kept, and queries say
/// it is answered from that older snapshot; a failed fetch is remembered past the process that saw it.
/// </summary>
public sealed class WithdrawnChainTests : IDisposable
{
    private static readonly GtUri AcmeChain = GtUri.Parse("gt://acme.com/engineering");
    private readonly TownWorld _world = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deleted_published_branch_fails_the_fetch_keeps_the_snapshot_and_queries_say_it_is_withdrawn()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        var published = (await acme.PublishAsync("backend")).Commit;
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's work")));
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, _clock);
        await fetcher.FetchAsync("acme", cancellationToken: Ct);
        var fetchedAt = _clock.GetUtcNow();

        acme.Git("update-ref", "-d", FederationRepository.PublishedBranchRef);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var failure = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("acme", cancellationToken: Ct));

        failure.Kind.ShouldBe(FetchFailureKind.NotPublished);
        failure.Message.ShouldContain($"Remote 'acme' at {acme.Repository.Path} no longer publishes its chain: it has no branch gt/published");
        failure.Message.ShouldContain($"The snapshot fetched last ({published[..7]}) is kept");
        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim().ShouldBe(published, "no data is lost");

        // Another process: a registry and provider of its own, reading what this one recorded.
        var (provider, registry) = Reopen(alice);
        registry.Get("acme").LastFetchFailure.ShouldBe(new FetchFailureRecord(_clock.GetUtcNow(), FetchFailureKind.NotPublished, failure.Message));
        var answer = await provider.GetChainAsync(AcmeChain, Ct);
        answer.Chain.ShouldNotBeNull(answer.Message).TryGetWorkUnit("ac-123", out _).ShouldBeTrue();
        answer.DataAsOf.ShouldBe(fetchedAt);
        var notice = answer.Notices.ShouldHaveSingleItem();
        notice.Kind.ShouldBe(ChainNoticeKind.Stale);
        notice.Message.ShouldBe($"The last fetch of remote 'acme', at 2026-11-25 09:05:00Z (0 min ago), failed: {failure.Message} Answering from the data fetched at 2026-11-25 09:00:00Z (5 min ago).");

        // Published again: the next fetch succeeds and the failure is past.
        acme.Git("update-ref", FederationRepository.PublishedBranchRef, published);
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await fetcher.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        (provider, registry) = Reopen(alice);
        registry.Get("acme").LastFetchFailure.ShouldBeNull();
        alice.Git("config", "--get-regexp", "remote.acme.gt").ShouldNotContain("gtfetchfailure");
        (await provider.GetChainAsync(AcmeChain, Ct)).Notices.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_remote_that_never_published_is_fetched_with_nothing_published_until_its_owner_publishes()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's work")));
        // The remote's URL is an empty repository its owner will push to.
        var empty = _world.Temp.Combine("empty-" + Guid.NewGuid().ToString("N")[..8] + ".git");
        Directory.CreateDirectory(empty);
        GitCli.Run(empty, "init", "--quiet", "--bare");
        alice.Registry.Add("acme", empty, AcmeChain);
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, _clock);

        var unpublished = await fetcher.FetchAsync("acme", cancellationToken: Ct);

        unpublished.Succeeded.ShouldBeTrue("a remote that has not published yet is no failure");
        unpublished.NothingPublished.ShouldBeTrue();
        unpublished.TipSignature.ShouldBeNull();

        await acme.PublishAsync("backend");
        acme.Git("push", "--quiet", empty, FederationRepository.PublishedBranchRef);
        var published = await fetcher.FetchAsync("acme", cancellationToken: Ct);

        published.Succeeded.ShouldBeTrue();
        published.NothingPublished.ShouldBeFalse();
        published.UpdatedRefs.ShouldBeGreaterThan(0);

        // Fetched again with nothing new: the remote still publishes, so nothing-published must not be said of it.
        (await fetcher.FetchAsync("acme", cancellationToken: Ct)).NothingPublished.ShouldBeFalse();
    }

    [Fact]
    public async Task A_fetch_with_nothing_new_asks_the_server_once_and_a_withdrawn_branch_is_still_seen_over_http()
    {
        // An unchanged fetch is a federation's most common one: it must not cost a second connection to the remote (a list
        // of its refs) when the fetch itself saw the branch. A withdrawn branch, which the fetch cannot tell from an
        // unchanged one, is still asked about, and the previous fetch's record of the branch must not answer for this one.
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        var published = (await acme.PublishAsync("backend")).Commit;
        using var http = new GitHttpBackend(_world.Temp.Path);
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's work")));
        alice.Registry.Add("acme", http.UrlOf(acme.Repository.Path), AcmeChain);
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, _clock);
        (await fetcher.FetchAsync("acme", cancellationToken: Ct)).UpdatedRefs.ShouldBeGreaterThan(0);

        var before = http.Requests;
        var unchanged = await fetcher.FetchAsync("acme", cancellationToken: Ct);

        unchanged.Succeeded.ShouldBeTrue();
        unchanged.UpdatedRefs.ShouldBe(0);
        unchanged.NothingPublished.ShouldBeFalse();
        (http.Requests - before).ShouldBe(1, "one list of refs, which the fetch itself asks for: nothing to transfer, nothing more to ask");

        acme.Git("update-ref", "-d", FederationRepository.PublishedBranchRef);
        var failure = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("acme", cancellationToken: Ct));

        failure.Kind.ShouldBe(FetchFailureKind.NotPublished);
        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim().ShouldBe(published, "no data is lost");
    }

    [Fact]
    public async Task A_fetch_that_failed_is_said_by_a_later_process_not_as_never_fetched()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's work")));
        var missing = _world.Temp.Combine("gone-" + Guid.NewGuid().ToString("N")[..8]);
        alice.Registry.Add("acme", missing, AcmeChain);
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, _clock);
        var failure = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("acme", cancellationToken: Ct));
        failure.Kind.ShouldBe(FetchFailureKind.Unreachable);

        var (provider, _) = Reopen(alice);
        var answer = await provider.GetChainAsync(AcmeChain, Ct);

        answer.Unavailable.ShouldBe(ChainUnavailableReason.FetchFailed);
        answer.Message.ShouldBe($"The last fetch of remote 'acme', at 2026-11-25 09:00:00Z (0 min ago), failed: {failure.Message}");
    }

    [Fact]
    public void A_recorded_failure_older_than_the_last_successful_fetch_is_past()
    {
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var line = RemoteRegistry.FormatFetchFailure(at, FetchFailureKind.TimedOut, "first line\nsecond\tline");

        line.ShouldBe("2026-11-25T09:00:00.0000000+00:00 TimedOut first line second line");
        RemoteRegistry.ParseFetchFailure(line, at.AddMinutes(-1)).ShouldBe(new FetchFailureRecord(at, FetchFailureKind.TimedOut, "first line second line"));
        RemoteRegistry.ParseFetchFailure(line, null).ShouldNotBeNull();
        RemoteRegistry.ParseFetchFailure(line, at.AddSeconds(1)).ShouldBeNull();
        RemoteRegistry.ParseFetchFailure("yesterday Exploded boom", null).ShouldBeNull();
        RemoteRegistry.ParseFetchFailure("2026-11-25T09:00:00.0000000+00:00 Exploded boom", null).ShouldBeNull();
    }

    private (GitChainProvider Provider, RemoteRegistry Registry) Reopen(TestTown town)
    {
        var repository = new FederationRepository(town.Repository.Path, town.Root);
        var registry = new RemoteRegistry(repository);
        var options = new GitTransportOptions { TownRoot = town.Root, FetchPolicy = FetchPolicy.Never };
        var provider = new GitChainProvider(registry, new ChainFetcher(registry, options, _clock), new ChainLoader(new ParsedBlobCache()), options, _clock);
        return (provider, registry);
    }
}
