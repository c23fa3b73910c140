using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class GitChainProviderTests : IDisposable
{
    private static readonly GtUri AcmeChain = GtUri.Parse("gt://acme.com/engineering");
    private readonly TownWorld _world = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestTown Acme(Action<RigBuilder>? backend = null) => _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
        .WithRig("backend", "ac-", r =>
        {
            r.WithIssue("ac-123", "Ship the API").WithIssue("ac-124", "Write the docs", i => i.DependsOn("ac-123"));
            backend?.Invoke(r);
        })
        .WithRig("private", "pv-", r => r.WithIssue("pv-1", "Hidden")));

    private TestTown Alice() => _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's own work")));

    private (GitChainProvider Provider, GitWorkUnitResolver Resolver, ParsedBlobCache Cache) ProviderFor(TestTown town, FetchPolicy? policy = null)
    {
        var options = new GitTransportOptions { TownRoot = town.Root, FetchTimeout = TimeSpan.FromSeconds(60), FetchPolicy = policy ?? FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(15)) };
        var cache = new ParsedBlobCache();
        var fetcher = new ChainFetcher(town.Registry, options, _clock);
        var provider = new GitChainProvider(town.Registry, fetcher, new ChainLoader(cache), options, _clock);
        return (provider, new GitWorkUnitResolver(provider), cache);
    }

    [Fact]
    public async Task A_registered_remote_is_fetched_on_first_use_and_resolves_work_units_by_uri()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (_, resolver, _) = ProviderFor(alice);

        var routed = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct);
        var withRig = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/backend/ac-124"), Ct);

        routed.Found.ShouldBeTrue(routed.Message);
        routed.WorkUnit!.Unit.Title.ShouldBe("Ship the API");
        routed.WorkUnit.Rig.ShouldBe("backend");
        routed.Commit.ShouldBe(acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
        routed.DataAsOf.ShouldBe(_clock.GetUtcNow());
        routed.ChainResult.Chain!.IsIdentityVerified.ShouldBeTrue();
        withRig.WorkUnit!.Unit.Title.ShouldBe("Write the docs");
    }

    /// <summary>
    /// Acme fetched by alice, then one object of its tip (<paramref name="damaged"/> names it from the tip's id) damaged in
    /// alice's repository, as a disk fault would; alice's town opened again (no handle keeps the object read before).
    /// </summary>
    private async Task<(TestTown Alice, GitChainProvider Provider, string Tip, string Damaged)> AcmeWithADamagedObjectAsync(Func<TestTown, string, string> damaged)
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        var tip = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        var objectId = damaged(alice, tip);
        alice.Repository.Dispose();
        PackedObjects.Corrupt(alice.Repository.Path, objectId);
        var reopened = new TestTown(alice.Built, alice.Options);
        return (reopened, ProviderFor(reopened, FetchPolicy.Never).Provider, tip, objectId);
    }

    [Fact]
    public async Task A_tip_this_repository_can_no_longer_read_is_an_unreadable_chain_not_an_exception()
    {
        // "A provider never throws for a broken chain" (docs/security.md): the tip's lookup threw before its load began.
        var (alice, provider, tip, _) = await AcmeWithADamagedObjectAsync((_, tip) => tip);
        using var _ = alice;

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.Never, Ct);

        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.Unreadable);
        result.Message.ShouldNotBeNull().ShouldContain(tip[..7]);
    }

    [Fact]
    public async Task A_root_tree_this_repository_can_no_longer_read_is_an_unreadable_chain_naming_the_tree_and_the_repository()
    {
        // libgit2's message alone ("invalid distance too far back") named neither the object nor the repository, nor what to
        // run to find out more, where a blob that cannot be read is named with its repository.
        var (alice, provider, tip, tree) = await AcmeWithADamagedObjectAsync((town, tip) => town.Git("rev-parse", $"{tip}^{{tree}}").Trim());
        using var _ = alice;

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.Never, Ct);

        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.Unreadable);
        var message = result.Message.ShouldNotBeNull();
        message.ShouldContain($"The tree {tree} of commit {tip} in {alice.Repository.Path} cannot be read");
        message.ShouldContain("git fsck");
    }

    /// <summary>Acme fetched by alice, then every pack of alice's repository cut short (its objects gone for libgit2) and the town opened again.</summary>
    private async Task<(TestTown Alice, GitChainProvider Provider, string Tip)> AcmeWithItsPacksCutShortAsync()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        var tip = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        alice.Repository.Dispose();
        PackedObjects.Truncate(alice.Repository.Path);
        var reopened = new TestTown(alice.Built, alice.Options);
        return (reopened, ProviderFor(reopened, FetchPolicy.Never).Provider, tip);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tip_whose_pack_was_cut_short_is_an_unreadable_chain_saying_the_copy_is_damaged_not_unpublished_or_unsigned(bool keyKept)
    {
        // The tip's look-up found no commit behind an existing ref: said as a remote that has no branch to read ("ask its
        // owner to publish"); and with the entity's key kept, libgit2's "not found" for the commit read as "not signed".
        var (alice, provider, tip) = await AcmeWithItsPacksCutShortAsync();
        using var _ = alice;
        if (keyKept)
        {
            new TrustedKeyStore(alice.Repository).Set(AcmeChain.Entity, [Identity.SshPublicKey.Parse(AnyKey)], KeySource.Pinned);
        }

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.Never, Ct);

        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.Unreadable, result.Message);
        var message = result.Message.ShouldNotBeNull();
        message.ShouldContain($"commit {tip}");
        message.ShouldContain($"is not in {alice.Repository.Path}");
        message.ShouldContain("remove the remote and register it again");
        message.ShouldNotContain("owner");
        message.ShouldNotContain("signed");
    }

    // Any ed25519 key: acme's chain is not signed with it.
    private const string AnyKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    [Fact]
    public async Task Short_forms_resolve_against_the_remote_chain_context()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (_, resolver, _) = ProviderFor(alice);
        var context = new WorkReferenceContext(AcmeChain.Entity, AcmeChain.Chain!, "backend");

        var prefixed = await resolver.ResolveAsync(WorkReference.Parse("ac-123"), context, Ct);
        var external = await resolver.ResolveAsync(WorkReference.Parse("external:backend:ac-124"), context, Ct);
        var current = await resolver.ResolveAsync(WorkReference.Parse("./ac-123"), context, Ct);

        prefixed.WorkUnit!.Unit.Title.ShouldBe("Ship the API");
        external.WorkUnit!.Unit.Title.ShouldBe("Write the docs");
        current.Found.ShouldBeTrue(current.Message);
    }

    [Fact]
    public async Task Concurrent_cold_queries_all_get_the_same_answer()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (_, resolver, _) = ProviderFor(alice);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await resolver.ResolveAsync(GtUri.Parse(i % 2 == 0 ? "gt://acme.com/engineering/ac-123" : "gt://acme.com/engineering/ac-124"), Ct), Ct)));

        results.ShouldAllBe(r => r.Found);
        results.Select(r => r.Commit).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Unpublished_rigs_and_unknown_ids_are_not_found_with_a_reason()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (_, resolver, _) = ProviderFor(alice);

        var hidden = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/pv-1"), Ct);
        var wrongRig = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/frontend/ac-123"), Ct);

        hidden.Found.ShouldBeFalse();
        hidden.Message!.ShouldContain("pv-1 is not in gt://acme.com/engineering");
        wrongRig.Found.ShouldBeFalse();
        wrongRig.Message!.ShouldContain("rig 'backend'");
    }

    [Fact]
    public async Task A_new_publication_is_seen_once_the_data_is_older_than_the_ttl()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, resolver, _) = ProviderFor(alice, FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(10)));
        (await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct)).Found.ShouldBeTrue();

        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-200\",\"title\":\"Later work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await acme.PublishAsync();

        _clock.Advance(TimeSpan.FromMinutes(5));
        (await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-200"), Ct)).Found.ShouldBeFalse("still within the TTL: no fetch");
        _clock.Advance(TimeSpan.FromMinutes(6));
        var later = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-200"), Ct);

        later.Found.ShouldBeTrue(later.Message);
        later.WorkUnit!.Unit.Title.ShouldBe("Later work");
        later.DataAsOf.ShouldBe(_clock.GetUtcNow());
    }

    [Fact]
    public async Task A_warm_query_returns_the_cached_chain_and_a_new_fetch_reuses_unchanged_blobs()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API"))
            .WithRig("frontend", "fe-", r => r.WithIssue("fe-1", "Button")));
        await acme.PublishAsync("backend", "frontend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, _, cache) = ProviderFor(alice, FetchPolicy.IfMissing);
        var first = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        var second = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        second.Chain.ShouldBeSameAs(first.Chain);

        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-200\",\"title\":\"Later\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await acme.PublishAsync();
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        var third = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        third.Chain.ShouldNotBeSameAs(first.Chain);
        third.Chain!.TryGetWorkUnit("ac-200", out _).ShouldBeTrue();
        third.Chain.Rigs.Single(r => r.Name == "frontend").Document
            .ShouldBeSameAs(first.Chain!.Rigs.Single(r => r.Name == "frontend").Document, "an unchanged blob is parsed once");
        third.Chain.Rigs.Single(r => r.Name == "backend").Document
            .ShouldNotBeSameAs(first.Chain.Rigs.Single(r => r.Name == "backend").Document);
        cache.Hits.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Three_towns_over_git_daemon_fetch_resolve_and_see_republished_data()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var bob = _world.AddTown("bob", b => b.Named("workshop").OwnedBy("bob@example.com")
            .WithRig("tools", "tl-", r => r.WithIssue("tl-1", "Bob's tool", i => i.DependsOn("gt://acme.com/engineering/ac-123"))));
        await bob.PublishAsync("tools");
        var alice = Alice();
        using var daemon = GitDaemon.Start(_world.Temp.Path);
        alice.Registry.Add("acme", daemon.UrlOf(acme.Repository.Path), AcmeChain);
        alice.Registry.Add("bob", daemon.UrlOf(bob.Repository.Path), GtUri.Parse("gt://bob@example.com/workshop"));
        var (_, resolver, _) = ProviderFor(alice, FetchPolicy.IfMissing);

        var fromAcme = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct);
        var fromBob = await resolver.ResolveAsync(GtUri.Parse("gt://bob@example.com/workshop/tools/tl-1"), Ct);

        fromAcme.WorkUnit!.Unit.Title.ShouldBe("Ship the API");
        fromBob.WorkUnit!.Unit.Title.ShouldBe("Bob's tool");
        fromBob.WorkUnit.Unit.Dependencies.Single().DependsOnId.ShouldBe("gt://acme.com/engineering/ac-123");

        File.AppendAllText(bob.Built.IssuesPathOf("tools"), "{\"id\":\"tl-2\",\"title\":\"Second tool\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await bob.PublishAsync();
        (await alice.Fetcher.FetchAllAsync(cancellationToken: Ct)).ShouldAllBe(r => r.Succeeded);

        (await resolver.ResolveAsync(GtUri.Parse("gt://bob@example.com/workshop/tl-2"), Ct)).WorkUnit!.Unit.Title.ShouldBe("Second tool");
    }

    [Fact]
    public async Task A_spoofing_remote_is_refused_as_an_identity_mismatch()
    {
        var eve = _world.AddTown("eve", b => b.Named("engineering").OwnedBy("eve@evil.example")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Fake API work")));
        await eve.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", eve.Repository.Path, AcmeChain);
        var (provider, resolver, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        var unit = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct);

        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.IdentityMismatch);
        result.Message!.ShouldContain("eve@evil.example");
        unit.Found.ShouldBeFalse();
    }

    [Fact]
    public async Task When_a_remote_turns_into_a_spoof_the_last_verified_snapshot_stays_usable()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, resolver, _) = ProviderFor(alice, FetchPolicy.Never);
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        var good = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        good.Chain.ShouldNotBeNull();

        File.WriteAllText(acme.Built.PathOf("mayor/town.json"), HandMadeRepository.TownJson("engineering", "mallory@evil.example"));
        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-666\",\"title\":\"Injected\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await acme.PublishAsync();
        var refused = await Should.ThrowAsync<RemoteFetchException>(() => alice.Fetcher.FetchAsync("acme", cancellationToken: Ct));
        refused.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);

        var after = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        after.Chain.ShouldNotBeNull();
        after.Chain.Revision.ShouldBe(good.Chain.Revision);
        after.Message!.ShouldContain("was refused");
        after.Message!.ShouldContain("mallory@evil.example");
        (await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-666"), Ct)).Found.ShouldBeFalse();
        (await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct)).Found.ShouldBeTrue();
        alice.Git("rev-parse", "refs/gt/verified/acme").Trim().ShouldBe(good.Chain.Revision);
    }

    [Fact]
    public async Task A_route_that_escapes_the_tree_makes_the_chain_invalid()
    {
        var hostile = new HandMadeRepository(_world.Temp.Combine("hostile"))
            .Write("mayor/town.json", HandMadeRepository.TownJson("engineering", "acme.com"))
            .Write(".beads/routes.jsonl", "{\"prefix\":\"ac-\",\"path\":\"../../etc\"}\n");
        hostile.Commit();
        var alice = Alice();
        alice.Registry.Add("acme", hostile.Path, AcmeChain);
        var (provider, _, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        result.Unavailable.ShouldBe(ChainUnavailableReason.Invalid);
        result.Message!.ShouldContain("..");
    }

    [Fact]
    public async Task A_symlink_in_a_fetched_tree_makes_the_chain_invalid()
    {
        var hostile = new HandMadeRepository(_world.Temp.Combine("hostile"))
            .Write("mayor/town.json", HandMadeRepository.TownJson("engineering", "acme.com"))
            .Write(".beads/routes.jsonl", "{\"prefix\":\"ac-\",\"path\":\"backend/mayor/rig\"}\n")
            .Symlink("backend/mayor/rig/.beads/issues.jsonl", "/etc/passwd");
        hostile.Commit();
        var alice = Alice();
        alice.Registry.Add("acme", hostile.Path, AcmeChain);
        var (provider, _, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        result.Unavailable.ShouldBe(ChainUnavailableReason.Invalid);
        result.Message!.ShouldContain("symbolic link");
    }

    [Fact]
    public async Task A_corrupt_issues_line_is_reported_with_its_line_number_and_the_rest_stays_usable()
    {
        var acme = Acme(r => r.WithIssueLine("{\"id\":\"ac-bad\",\"title\": broken json"));
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, resolver, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        result.Chain.ShouldNotBeNull();
        var diagnostic = result.Chain.Diagnostics.ShouldHaveSingleItem();
        diagnostic.LineNumber.ShouldBe(3);
        diagnostic.Path.ShouldBe("backend/mayor/rig/.beads/issues.jsonl");
        (await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-124"), Ct)).Found.ShouldBeTrue();
    }

    [Fact]
    public async Task An_unreachable_remote_that_was_fetched_before_answers_from_the_last_fetch_and_says_how_old()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, resolver, _) = ProviderFor(alice, FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(10)));
        await new ChainFetcher(alice.Registry, alice.Options, _clock).FetchAsync("acme", cancellationToken: Ct);
        var fetchedAt = alice.Registry.Get("acme").LastFetchedAt;
        acme.Repository.Dispose();
        Directory.Delete(acme.Repository.Path, recursive: true);
        _clock.Advance(TimeSpan.FromHours(3));

        var result = await resolver.ResolveAsync(GtUri.Parse("gt://acme.com/engineering/ac-123"), Ct);

        result.Found.ShouldBeTrue();
        result.DataAsOf.ShouldBe(fetchedAt);
        result.Message!.ShouldContain("could not be fetched");
        result.Message!.ShouldContain("3 h ago");
    }

    [Fact]
    public async Task After_a_failed_fetch_queries_do_not_hit_the_network_again_until_the_ttl_has_passed()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var options = new GitTransportOptions { TownRoot = alice.Root, FetchPolicy = FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(10)) };
        var fetchLog = new Microsoft.Extensions.Logging.Testing.FakeLogger<ChainFetcher>();
        var fetcher = new ChainFetcher(alice.Registry, options, _clock, fetchLog);
        var provider = new GitChainProvider(alice.Registry, fetcher, new ChainLoader(new ParsedBlobCache()), options, _clock);
        (await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct)).Chain.ShouldNotBeNull();
        acme.Repository.Dispose();
        Directory.Delete(acme.Repository.Path, recursive: true);
        int FetchAttempts() => fetchLog.Collector.GetSnapshot().Count(r => r.Id.Id == Log.IdFetchStarted);

        _clock.Advance(TimeSpan.FromMinutes(11));
        var first = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);
        FetchAttempts().ShouldBe(2, "the first fetch and one retry after the TTL, no more");
        _clock.Advance(TimeSpan.FromMinutes(6));
        await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        first.Chain.ShouldNotBeNull();
        second.Chain.ShouldNotBeNull();
        second.Message!.ShouldContain("could not be fetched");
        FetchAttempts().ShouldBe(3);
    }

    [Fact]
    public async Task An_unreachable_remote_never_fetched_is_a_fetch_failure()
    {
        var alice = Alice();
        alice.Registry.Add("acme", _world.Temp.Combine("missing"), AcmeChain);
        var (provider, _, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        result.Unavailable.ShouldBe(ChainUnavailableReason.FetchFailed);
        result.Message!.ShouldContain("acme");
    }

    [Fact]
    public async Task With_fetching_off_a_never_fetched_remote_says_so()
    {
        var acme = Acme();
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, AcmeChain);
        var (provider, _, _) = ProviderFor(alice, FetchPolicy.Never);

        var result = await provider.GetChainAsync(AcmeChain, ChainFetchMode.ProviderPolicy, Ct);

        result.Unavailable.ShouldBe(ChainUnavailableReason.NeverFetched);
        result.Message!.ShouldContain("was never fetched; fetch it first.");
    }

    [Fact]
    public async Task An_unregistered_chain_is_not_registered()
    {
        var alice = Alice();
        var (provider, _, _) = ProviderFor(alice);

        var result = await provider.GetChainAsync(GtUri.Parse("gt://nobody.org/town"), ChainFetchMode.ProviderPolicy, Ct);

        result.Unavailable.ShouldBe(ChainUnavailableReason.NotRegistered);
        result.Message!.ShouldContain("Register it as a remote (RemoteRegistry.Add");
    }

    [Fact]
    public async Task Known_chains_are_the_local_town_and_every_remote()
    {
        var alice = Alice();
        alice.Registry.Add("acme", "https://example.invalid/acme.git", AcmeChain);
        var (provider, _, _) = ProviderFor(alice);

        var known = await provider.GetKnownChainsAsync(Ct);

        known.ShouldBe([
            new KnownChain(GtUri.Parse("gt://alice@example.com/main-town"), null, true),
            new KnownChain(AcmeChain, "acme", false),
        ]);
    }

    [Fact]
    public async Task The_local_town_is_read_from_its_folder_live()
    {
        var alice = Alice();
        var (provider, resolver, _) = ProviderFor(alice);

        var result = await resolver.ResolveAsync(GtUri.Parse("gt://alice@example.com/main-town/gt-abc"), Ct);

        result.Found.ShouldBeTrue();
        result.DataAsOf.ShouldBeNull();
        result.Commit.ShouldBeNull();
        (await provider.GetChainAsync(GtUri.Parse("gt://alice@example.com/main-town"), Ct)).Chain!.Source.ShouldBeOfType<FolderChainSource>();
    }

    [Fact]
    public async Task A_one_rig_repository_resolves_any_fixture_id_and_is_marked_unverified()
    {
        var beads = new HandMadeRepository(_world.Temp.Combine("beads-repo"), branch: "main")
            .Copy(".beads/issues.jsonl", Fixtures.BeadsSyncIssues)
            .Write("README.md", "beads");
        beads.Commit();
        var alice = Alice();
        var chain = GtUri.Parse("gt://steve@example.com/beads");
        alice.Registry.Add("beads", beads.Path, chain, rig: "beads");
        var (provider, resolver, _) = ProviderFor(alice);
        var ids = File.ReadLines(Fixtures.BeadsSyncIssues)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)
            .ToList();

        var chainResult = await provider.GetChainAsync(chain, ChainFetchMode.ProviderPolicy, Ct);
        chainResult.Chain!.IsIdentityVerified.ShouldBeFalse();
        chainResult.Message!.ShouldContain("cannot be verified");
        foreach (var id in new[] { ids[0], ids[ids.Count / 2], ids[^1] })
        {
            var routed = await resolver.ResolveAsync(GtUri.Parse($"gt://steve@example.com/beads/{id}"), Ct);
            var named = await resolver.ResolveAsync(GtUri.Parse($"gt://steve@example.com/beads/beads/{id}"), Ct);
            routed.Found.ShouldBeTrue($"{id}: {routed.Message}");
            named.WorkUnit!.Unit.Id.ShouldBe(id);
        }

        chainResult.Chain.WorkUnits.Count().ShouldBe(ids.Count);
    }
}
