using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class ChainFetcherTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private async Task<(TestTown Acme, TestTown Alice)> TwoTownsAsync()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API").WithIssue("ac-124", "Write the docs")));
        await acme.PublishAsync("backend");
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's work")));
        alice.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);
        return (acme, alice);
    }

    [Fact]
    public async Task A_repository_whose_path_holds_a_colon_is_fetched_by_its_file_url()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "':' is not allowed in a Windows file name");
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        await acme.PublishAsync("backend");
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var odd = _world.Temp.Combine("towns:v2");
        Directory.CreateSymbolicLink(odd, acme.Repository.Path);

        Should.Throw<InvalidRemoteException>(() => alice.Registry.Add("acme", odd, acme.ChainUri)).Message.ShouldContain("file://");
        alice.Registry.Add("acme", new Uri(odd).AbsoluteUri, acme.ChainUri);
        var result = await alice.Fetcher.FetchAsync("acme", null, TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim().ShouldBe(acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
    }

    [Fact]
    public async Task Fetch_brings_the_published_branch_under_refs_remotes()
    {
        var (acme, alice) = await TwoTownsAsync();
        var progress = new List<FetchProgress>();

        var result = await alice.Fetcher.FetchAsync("acme", new SynchronousProgress<FetchProgress>(progress.Add), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue();
        result.UpdatedRefs.ShouldBe(1);
        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim()
            .ShouldBe(acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
        progress.ShouldNotBeEmpty();
        progress[^1].RemoteName.ShouldBe("acme");
        progress[^1].ReceivedObjects.ShouldBe(progress[^1].TotalObjects);
        progress[^1].TotalObjects.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_time_of_a_successful_fetch_is_recorded_in_git_config()
    {
        var (_, alice) = await TwoTownsAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, clock);

        var result = await fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);

        result.FetchedAt.ShouldBe(clock.GetUtcNow());
        alice.Git("config", "--get", "remote.acme.gtFetchedAt").Trim().ShouldBe("2026-11-25T09:30:00.0000000+00:00");
        alice.Registry.Get("acme").LastFetchedAt.ShouldBe(clock.GetUtcNow());
    }

    [Fact]
    public async Task A_new_publication_is_seen_after_the_next_fetch()
    {
        var (acme, alice) = await TwoTownsAsync();
        await alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        var before = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();

        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-200\",\"title\":\"Later work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        var republished = await acme.PublishAsync();
        await alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);

        var after = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        after.ShouldNotBe(before);
        after.ShouldBe(republished.Commit);
    }

    [Fact]
    public async Task A_fetch_that_brings_nothing_new_does_not_load_the_chain_again_and_a_new_snapshot_is_loaded_once()
    {
        // The snapshot that passed cannot have changed: a remote polled with nothing new costs a signature check, not a
        // load of its whole chain (2.1 s and 184 MB for 100,000 units, every fetch, through gtfed).
        var (acme, alice) = await TwoTownsAsync();
        var log = new Microsoft.Extensions.Logging.Testing.FakeLogger<ChainLoader>();
        var fetcher = new ChainFetcher(alice.Registry, alice.Options, loader: new ChainLoader(new ParsedBlobCache(16), log));
        int Loads() => log.Collector.GetSnapshot().Count(r => r.Id.Name == "ChainLoaded");

        await fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        Loads().ShouldBe(1);
        var unchanged = await fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);

        unchanged.Succeeded.ShouldBeTrue();
        unchanged.UpdatedRefs.ShouldBe(0);
        Loads().ShouldBe(1, "nothing new was fetched");

        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-200\",\"title\":\"Later work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await acme.PublishAsync();
        await fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        Loads().ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_remote_is_a_typed_error()
    {
        var (_, alice) = await TwoTownsAsync();

        await Should.ThrowAsync<RemoteNotFoundException>(() => alice.Fetcher.FetchAsync("ghost", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unreachable_url_is_a_typed_error_naming_remote_and_url()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var missing = _world.Temp.Combine("nowhere", "federation", "git");
        alice.Registry.Add("ghost", missing, GtUri.Parse("gt://ghost.org/town"));

        var error = await Should.ThrowAsync<RemoteFetchException>(() => alice.Fetcher.FetchAsync("ghost", cancellationToken: TestContext.Current.CancellationToken));

        error.RemoteName.ShouldBe("ghost");
        error.Url.ShouldBe(missing);
        error.Kind.ShouldBe(FetchFailureKind.Unreachable);
        error.Message.ShouldContain("ghost");
        error.Message.ShouldContain(missing);
        error.InnerException.ShouldBeAssignableTo<LibGit2Sharp.LibGit2SharpException>();
        GitCli.TryRun(alice.Repository.Path, "config", "--get", "remote.ghost.gtFetchedAt").ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("down", $"git://127.0.0.1:{GitDaemon.FreePort()}/nothing", GtUri.Parse("gt://down.org/town"));

        var error = await Should.ThrowAsync<RemoteFetchException>(() => alice.Fetcher.FetchAsync("down", cancellationToken: TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(FetchFailureKind.Unreachable);
    }

    [Fact]
    public async Task A_remote_deleted_between_fetches_fails_and_leaves_the_last_good_refs()
    {
        var (acme, alice) = await TwoTownsAsync();
        await alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        var good = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        var fetchedAt = alice.Registry.Get("acme").LastFetchedAt;
        acme.Repository.Dispose();
        new DirectoryInfo(acme.Repository.Path).Delete(recursive: true);

        var error = await Should.ThrowAsync<RemoteFetchException>(() => alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(FetchFailureKind.Unreachable);
        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim().ShouldBe(good);
        alice.Registry.Get("acme").LastFetchedAt.ShouldBe(fetchedAt);
    }

    [Fact]
    public async Task A_remote_error_message_holding_a_brace_is_a_typed_failure_and_the_other_remotes_are_fetched()
    {
        // git daemon answers a repository it does not serve with "ERR … /{boom}"; LibGit2Sharp formats libgit2's message as
        // a format string, and threw FormatException, which stopped every fetch of FetchAllAsync.
        var (_, alice) = await TwoTownsAsync();
        var served = _world.Temp.Combine("served");
        Directory.CreateDirectory(served);
        using var daemon = GitDaemon.Start(served);
        alice.Registry.Add("braces", $"git://127.0.0.1:{daemon.Port}/{{boom}}", GtUri.Parse("gt://braces.org/town"));

        var results = await alice.Fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken);

        results.Select(r => (r.RemoteName, r.Succeeded)).ShouldBe([("acme", true), ("braces", false)]);
        var error = results[1].Error.ShouldNotBeNull();
        error.Message.ShouldContain("could not format");
        error.InnerException.ShouldBeAssignableTo<LibGit2Sharp.LibGit2SharpException>();
    }

    [Fact]
    public async Task A_tip_the_town_s_repository_can_no_longer_read_fails_that_remote_only_and_the_other_remotes_are_fetched()
    {
        var (_, alice) = await TwoTownsAsync();
        var bravo = _world.AddTown("bravo", b => b.Named("ops").OwnedBy("bravo.org").WithRig("infra", "br-", r => r.WithIssue("br-1", "Rack the servers")));
        await bravo.PublishAsync("infra");
        alice.Registry.Add("bravo", bravo.Repository.Path, bravo.ChainUri);
        (await alice.Fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken)).ShouldAllBe(r => r.Succeeded);

        // acme's tip commit goes bad in alice's repository (a disk fault, a bad copy); neither remote publishes anything new.
        var tip = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        alice.Repository.Dispose();
        PackedObjects.Corrupt(alice.Repository.Path, tip);
        using var reopened = new TestTown(alice.Built, alice.Options);

        var results = await reopened.Fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken);

        results.Select(r => (r.RemoteName, r.Succeeded)).ShouldBe([("acme", false), ("bravo", true)]);
        var error = results[0].Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.Other);
        error.Message.ShouldContain($"the town's federation repository at {reopened.Repository.Path} failed while the fetch used it");
        error.Message.ShouldContain("git fsck");
        error.InnerException.ShouldBeAssignableTo<LibGit2Sharp.LibGit2SharpException>();

        // Remembered as a fetch failure, as the transfer's own failures are.
        reopened.Registry.Get("acme").LastFetchFailure.ShouldNotBeNull().Message.ShouldBe(error.Message);
    }

    [Fact]
    public async Task A_tip_whose_pack_was_cut_short_in_the_town_s_repository_fails_the_fetch_as_a_damaged_copy_not_as_nothing_published()
    {
        // Every pack of alice's repository cut short (a full disk, an interrupted copy): libgit2 finds none of their objects,
        // so the tip's look-up found no commit behind an existing ref, and the fetch took that for a remote that publishes
        // nothing ("ask its owner"), every time: the remote, told the commit is here already, sends nothing to mend it.
        var (acme, alice) = await TwoTownsAsync();
        (await alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();
        var tip = alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim();
        alice.Repository.Dispose();
        PackedObjects.Truncate(alice.Repository.Path);
        using var reopened = new TestTown(alice.Built, alice.Options);

        var error = await Should.ThrowAsync<RemoteFetchException>(() => reopened.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));
        var again = await Should.ThrowAsync<RemoteFetchException>(() => reopened.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(FetchFailureKind.Other);
        error.Message.ShouldContain($"refs/remotes/acme/gt/published names commit {tip}, which is not in {reopened.Repository.Path}: this town's copy of remote 'acme' is damaged", Case.Sensitive);
        error.Message.ShouldContain("remove the remote and register it again");
        error.Message.ShouldContain("git fsck");
        error.Message.ShouldNotContain("owner");
        error.Message.ShouldNotContain("publishes");
        again.Message.ShouldBe(error.Message);
        reopened.Registry.Get("acme").LastFetchFailure.ShouldNotBeNull().Message.ShouldBe(error.Message);

        // The way out the message gives: removed and registered again, the remote is fetched whole by one fetch. (The pack
        // received has the damaged one's name, and the handle that fetched had the damaged one open: the first fetch after
        // re-registering failed with "target OID for the reference doesn't exist", and only a second one went through.)
        reopened.Registry.Remove("acme");
        reopened.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);
        var mended = await reopened.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        mended.Succeeded.ShouldBeTrue(mended.Error?.Message);
        mended.NothingPublished.ShouldBeFalse();
        reopened.Git("cat-file", "-t", tip).Trim().ShouldBe("commit");
    }

    [Fact]
    public async Task A_local_remote_whose_own_pack_was_cut_short_is_said_to_be_damaged_at_its_source_not_a_wrong_url_or_a_host_down()
    {
        // libgit2's "object not found - no match for id (…)" matched the "not found" of a missing repository or host.
        var (acme, alice) = await TwoTownsAsync();
        acme.Repository.Dispose();
        acme.Git("gc", "--quiet");
        PackedObjects.Truncate(acme.Repository.Path);

        var error = await Should.ThrowAsync<RemoteFetchException>(() => alice.Fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(FetchFailureKind.Other);
        error.Message.ShouldContain($"the repository at {acme.Repository.Path} is damaged or incomplete");
        error.Message.ShouldContain("git fsck");
        error.Message.ShouldNotContain("URL is right");
        error.Message.ShouldNotContain("host is up");
        error.InnerException.ShouldBeAssignableTo<LibGit2Sharp.LibGit2SharpException>();
    }

    [Fact]
    public async Task A_credentials_provider_error_holding_a_brace_is_a_typed_failure_naming_the_provider()
    {
        // LibGit2Sharp catches what a host's credentials provider throws and hands its message to libgit2 as the error's
        // text, which it then formats: a brace in it ends as the same FormatException a remote's text does.
        var (_, alice) = await TwoTownsAsync();
        using var server = new LoopbackHttpServer();
        server.Serve("/town.git/info/refs", context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers["WWW-Authenticate"] = "Basic realm=\"towns\"";
            context.Response.Close();
            return Task.CompletedTask;
        });
        alice.Registry.Add("vaulted", $"{server.BaseUrl}/town.git", GtUri.Parse("gt://vaulted.org/town"));
        var options = new GitTransportOptions { TownRoot = alice.Options.TownRoot, FetchTimeout = TimeSpan.FromSeconds(60), CredentialsProvider = (_, _, _) => throw new InvalidOperationException("vault {token} is sealed") };
        var fetcher = new ChainFetcher(alice.Registry, options);

        var error = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("vaulted", cancellationToken: TestContext.Current.CancellationToken));

        error.Message.ShouldContain("credentials provider");
        error.InnerException.ShouldBeAssignableTo<LibGit2Sharp.LibGit2SharpException>();
    }

    [Fact]
    public async Task FetchAll_reports_each_remote_and_does_not_stop_at_a_failure()
    {
        var (_, alice) = await TwoTownsAsync();
        alice.Registry.Add("broken", _world.Temp.Combine("missing"), GtUri.Parse("gt://broken.org/town"));

        var results = await alice.Fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken);

        results.Select(r => (r.RemoteName, r.Succeeded)).ShouldBe([("acme", true), ("broken", false)]);
        results[1].Error!.Kind.ShouldBe(FetchFailureKind.Unreachable);

        // Each fetched chain was verified by loading it through the shared handle; closed after each remote, it leaves no
        // pack mapped (libgit2 keeps a pack mapped while a handle that read it lives: a hundred remotes' worth otherwise).
        if (OperatingSystem.IsLinux())
        {
            var packs = Path.Combine(alice.Repository.Path, "objects", "pack");
            MappedFiles.Under(packs).ShouldBeEmpty();

            // The control: a commit read maps its pack, and the same match finds it.
            using var repo = new LibGit2Sharp.Repository(alice.Repository.Path);
            _ = ((LibGit2Sharp.Commit)repo.Lookup(new LibGit2Sharp.ObjectId(alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim()))).Tree.Count;
            MappedFiles.Under(packs).ShouldNotBeEmpty("reading a commit maps its pack");
        }
    }

    [Fact]
    public async Task FetchAll_fetches_remotes_at_once_so_a_silent_remote_holds_back_none_of_the_others()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var others = new List<string>();
        foreach (var name in new[] { "bravo", "charlie", "delta" })
        {
            var town = _world.AddTown(name, b => b.Named(name).OwnedBy($"{name}.org").WithRig("work", "wk-", r => r.WithIssue("wk-1", $"{name}'s work")));
            await town.PublishAsync("work");
            alice.Registry.Add(name, town.Repository.Path, town.ChainUri);
            others.Add(name);
        }

        // First in name order: a listener that accepts and never answers. Fetched one after another, the others would
        // wait behind it for the whole timeout (here far longer than the test may run).
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        alice.Registry.Add("a-silent", $"git://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/town", GtUri.Parse("gt://silent.org/town"));
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromHours(1), MaxConcurrentFetches = 2 });
        var progressed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var progress = new SynchronousProgress<FetchProgress>(p => progressed[p.RemoteName] = true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var fetching = fetcher.FetchAllAsync(progress, stop.Token);
        using var hung = await silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var othersDone = Task.Run(async () =>
        {
            // The others' last fetch has recorded its time once its snapshot was judged: all three, while the silent one still waits.
            while (!others.All(o => alice.Registry.Get(o).LastFetchedAt is not null))
            {
                await Task.Delay(20, stop.Token);
            }
        }, stop.Token);
        var finished = await Task.WhenAny(othersDone, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        if (finished != othersDone)
        {
            await stop.CancelAsync();
        }

        finished.ShouldBe(othersDone, "the other remotes were fetched while the silent one was still waiting");
        hung.Close(); // The silent remote's connection ends: its fetch fails, and FetchAll returns.
        var results = await fetching;

        results.Select(r => r.RemoteName).ShouldBe(["a-silent", "bravo", "charlie", "delta"], "results come in name order whatever order the fetches ended in");
        results[0].Succeeded.ShouldBeFalse();
        results.Skip(1).ShouldAllBe(r => r.Succeeded && r.UpdatedRefs == 1);
        progressed.Keys.Order(StringComparer.Ordinal).ShouldBe(others);
    }

    [Fact]
    public async Task Many_remotes_fetched_at_once_all_succeed_though_each_fetch_ends_by_writing_the_same_FETCH_HEAD()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var names = Enumerable.Range(1, 8).Select(i => $"town{i}").ToList();
        foreach (var name in names)
        {
            var town = _world.AddTown(name, b => b.Named(name).OwnedBy($"{name}.org").WithRig("work", "wk-", r => r.WithIssue("wk-1", $"{name}'s work")));
            await town.PublishAsync("work");
            alice.Registry.Add(name, town.Repository.Path, town.ChainUri);
        }

        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, MaxConcurrentFetches = names.Count });

        var results = await fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken);

        results.Select(r => r.RemoteName).ShouldBe(names);
        results.ShouldAllBe(r => r.Succeeded && r.UpdatedRefs == 1 && r.ReceivedObjects > 0, string.Join("; ", results.Where(r => !r.Succeeded).Select(r => r.Error!.Message)));
        foreach (var name in names)
        {
            alice.Git("rev-parse", "--verify", $"refs/remotes/{name}/gt/published").Trim().Length.ShouldBe(40);
        }
    }

    [Fact]
    public async Task FetchAll_refuses_a_concurrency_outside_its_range_before_fetching_anything()
    {
        var (_, alice) = await TwoTownsAsync();
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, MaxConcurrentFetches = 0 });

        var error = await Should.ThrowAsync<ArgumentOutOfRangeException>(() => fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken));

        error.ParamName.ShouldBe("GitTransportOptions.MaxConcurrentFetches");
        alice.Registry.Get("acme").LastFetchedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_touching_the_network()
    {
        var (_, alice) = await TwoTownsAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => alice.Fetcher.FetchAsync("acme", cancellationToken: cancelled.Token));

        GitCli.TryRun(alice.Repository.Path, "rev-parse", "--verify", "refs/remotes/acme/gt/published").ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task A_cancelled_fetch_leaves_no_tracking_ref()
    {
        var big = _world.AddTown("big", b => b.Named("big").OwnedBy("big.org").WithRig("huge", "hu-", r =>
        {
            for (var i = 0; i < 2000; i++)
            {
                r.WithIssue($"hu-{i:D5}", $"Issue {i} {Guid.NewGuid()}");
            }
        }));
        await big.PublishAsync("huge");
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("big", big.Repository.Path, big.ChainUri);
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<FetchProgress>(_ => cts.Cancel());

        await Should.ThrowAsync<OperationCanceledException>(() => alice.Fetcher.FetchAsync("big", progress, cts.Token));
        // The remote's gate is held until the native call has stopped: a second fetch waits for it.
        var retry = await alice.Fetcher.FetchAsync("big", cancellationToken: TestContext.Current.CancellationToken);

        retry.UpdatedRefs.ShouldBe(1, "the cancelled fetch must not have moved the ref");
    }

    [Fact]
    public async Task A_fetch_that_exceeds_the_timeout_is_reported_as_timed_out()
    {
        var (_, alice) = await TwoTownsAsync();
        // A listener that accepts and never answers: the git protocol waits forever.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        alice.Registry.Add("silent", $"git://127.0.0.1:{port}/town", GtUri.Parse("gt://silent.org/town"));
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromMilliseconds(500) });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("silent", cancellationToken: TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(FetchFailureKind.TimedOut);
        error.Message.ShouldContain("did not finish within");
        error.Message.ShouldNotContain("gtfed");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_remote_that_disappears_mid_fetch_fails_typed_or_completes_and_never_leaves_a_broken_ref()
    {
        var big = _world.AddTown("big", b => b.Named("big").OwnedBy("big.org").WithRig("huge", "hu-", r =>
        {
            for (var i = 0; i < 4000; i++)
            {
                r.WithIssue($"hu-{i:D5}", $"Issue {i} {Guid.NewGuid()} {Guid.NewGuid()} {Guid.NewGuid()}");
            }
        }));
        await big.PublishAsync("huge");
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var daemon = GitDaemon.Start(_world.Temp.Path);
        alice.Registry.Add("big", daemon.UrlOf(big.Repository.Path), big.ChainUri);
        var killed = false;
        var progress = new SynchronousProgress<FetchProgress>(_ =>
        {
            if (!killed)
            {
                killed = true;
                daemon.Dispose();
            }
        });

        try
        {
            var result = await alice.Fetcher.FetchAsync("big", progress, TestContext.Current.CancellationToken);
            // The whole pack may already have been in flight: then the fetch is complete and consistent.
            alice.Git("rev-parse", "refs/remotes/big/gt/published").Trim().ShouldBe(big.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
            result.Succeeded.ShouldBeTrue();
        }
        catch (RemoteFetchException error)
        {
            error.RemoteName.ShouldBe("big");
            GitCli.TryRun(alice.Repository.Path, "rev-parse", "--verify", "refs/remotes/big/gt/published").ExitCode.ShouldNotBe(0);
            alice.Registry.Get("big").LastFetchedAt.ShouldBeNull();
        }
        finally
        {
            daemon.Dispose();
        }

        killed.ShouldBeTrue("the daemon was killed during the transfer");
        GitCli.Run(alice.Repository.Path, "fsck", "--connectivity-only").ShouldNotContain("missing");
    }

    [Fact]
    public async Task Fetching_over_git_daemon_works()
    {
        var (acme, alice) = await TwoTownsAsync();
        using var daemon = GitDaemon.Start(_world.Temp.Path);
        // The same chain over git://: one chain has one remote, and a fetched snapshot must match its URI.
        alice.Registry.Remove("acme");
        alice.Registry.Add("acmegit", daemon.UrlOf(acme.Repository.Path), acme.ChainUri);

        var result = await alice.Fetcher.FetchAsync("acmegit", cancellationToken: TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue();
        alice.Git("rev-parse", "refs/remotes/acmegit/gt/published").Trim()
            .ShouldBe(acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
