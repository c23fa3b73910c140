using System.Text.Json;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Hosting.Tests.Towns;

/// <summary>The facade over real towns, real git repositories and the real event log.</summary>
public sealed class TownTests : IDisposable
{
    private readonly TwoTowns _towns = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_reads_the_town_and_names_its_chain()
    {
        await using var town = Town.Open(_towns.Alice.Root);

        town.Root.ShouldBe(_towns.Alice.Root);
        town.Metadata.Name.ShouldBe("alice-town");
        town.Chain.ShouldBe(GtUri.Parse(TwoTowns.AliceChain));
        TownOwner(town).ShouldBe("alice@example.com"); // the town's owner, from the one read of town.json, for attribution
        town.ChainProblem.ShouldBeNull();
    }

    [Fact]
    public async Task A_town_whose_town_json_gives_it_no_chain_says_which_field_and_how_to_set_it()
    {
        // A host shows this wherever it shows an answer: the town's own work is in none (the queries know no local chain).
        File.WriteAllText(_towns.Alice.PathOf("mayor/town.json"), "{\"type\":\"town\",\"version\":2,\"name\":\"../x\",\"owner\":\"alice@example.com\"}");
        await using var town = Town.Open(_towns.Alice.Root);

        town.Chain.ShouldBeNull();
        town.ChainProblem.ShouldNotBeNull().ShouldStartWith($"The town at {_towns.Alice.Root} has no gt:// chain: ");
        town.ChainProblem.ShouldContain("'../x'");
        town.ChainProblem.ShouldContain(" in its mayor/town.json. ");
        town.ChainProblem.ShouldEndWith("Set \"owner\" there to an email (alice@example.com) or a domain (acme.com), and \"name\" to a chain name (letters, digits, '.', '_', '-').");
    }

    [Fact]
    public async Task A_seed_town_without_a_chain_is_told_to_fix_the_file_it_has()
    {
        // A town written from the seed document has only <root>/.town.json; the advice named mayor/town.json, a file
        // it does not have.
        File.Move(_towns.Alice.PathOf("mayor/town.json"), _towns.Alice.PathOf(".town.json"));
        File.WriteAllText(_towns.Alice.PathOf(".town.json"), "{\"type\":\"town\",\"version\":2,\"name\":\"alice-town\"}");
        await using var town = Town.Open(_towns.Alice.Root);

        town.Chain.ShouldBeNull();
        town.ChainProblem.ShouldNotBeNull().ShouldContain(" in its .town.json. ");
        town.ChainProblem.ShouldNotContain("mayor/town.json");
    }

    [Fact]
    public async Task Town_json_is_read_once_when_the_town_opens()
    {
        await using var town = Town.Open(_towns.Alice.Root);
        File.WriteAllText(_towns.Alice.PathOf("mayor/town.json"), "{\"type\":\"town\",\"version\":2,\"name\":\"renamed\",\"owner\":\"mallory@evil.example\"}");

        town.Metadata.Name.ShouldBe("alice-town");
        TownOwner(town).ShouldBe("alice@example.com");
    }

    [Fact]
    public async Task A_script_registers_fetches_shows_publishes_and_emits_through_one_object()
    {
        await _towns.PublishAliceAsync(Ct);
        await using var bob = TwoTowns.OpenAs(_towns.Bob.Root, "web/crew/bob");

        var remote = bob.Remotes.Add("alice", _towns.AliceGitUrl, GtUri.Parse(TwoTowns.AliceChain));
        var fetched = await bob.FetchAsync(remote.Name, cancellationToken: Ct);
        fetched.Succeeded.ShouldBeTrue();

        var shown = await bob.Queries.ShowAsync("bb-1", Ct);
        var dependency = shown.Dependencies.ShouldHaveSingleItem();
        dependency.Title.ShouldBe("Ship the facade");

        var remoteList = await bob.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        remoteList.Items.Select(i => i.Id).ShouldBe(["gt-1", "gt-2"]); // secret stays private

        using var payload = JsonDocument.Parse("""{"bead":"bb-1"}""");
        var written = await bob.Events.AppendAsync("sling", payload.RootElement.Clone(), cancellationToken: Ct);
        written.Actor.ShouldBe("web/crew/bob");
        var read = await bob.Events.ReadAsync(cancellationToken: Ct);
        read.Events.ShouldHaveSingleItem().Type.ShouldBe("sling");
        // An empty type names the argument the caller passed (it named 'drafts', a parameter of another call).
        (await Should.ThrowAsync<ArgumentException>(async () => await bob.Events.AppendAsync("", cancellationToken: Ct))).ParamName.ShouldBe("type");
        File.ReadAllText(Path.Combine(_towns.Bob.Root, ".events.jsonl")).ShouldContain("\"actor\":\"web/crew/bob\"");

        var created = await bob.Writer.CreateWorkUnitAsync("web", new WorkUnitDraft { Title = "Written through the town" }, bob.Identity.Actor!.Value.Path, Ct);
        (await bob.Queries.ShowAsync(created.WorkUnit.Id, Ct)).WorkUnit.Title.ShouldBe("Written through the town");

        var published = await bob.PublishAsync(new PublishOptions { Rigs = ["web"] }, Ct);
        published.PublicRigs.ShouldBe(["web"]);
    }

    [Fact]
    public async Task The_town_s_writer_writes_no_line_longer_than_the_town_s_chain_limits_read()
    {
        await using var bob = Town.Open(_towns.Bob.Root, builder => builder
            .AddProvenance(o => o.Actor = "web/crew/bob")
            .Services.Configure<ChainLimits>(l => l.MaxLineBytes = 2048));

        bob.Writer.MaxLineBytes.ShouldBe(2048);
        var refused = await Should.ThrowAsync<TownWriteException>(async () =>
            await bob.Writer.CreateWorkUnitAsync("web", new WorkUnitDraft { Title = "Long", Description = new string('x', 4096) }, "web/crew/bob", Ct));
        refused.Error.ShouldBe(TownWriteError.InvalidInput);
    }

    [Fact]
    public async Task The_same_town_serves_two_threads_at_once()
    {
        await _towns.PublishAliceAsync(Ct);
        await using var bob = TwoTowns.OpenAs(_towns.Bob.Root, "web/crew/bob");
        bob.Remotes.Add("alice", _towns.AliceGitUrl, GtUri.Parse(TwoTowns.AliceChain));
        // Fetched once before the threads start: queries never fetch unasked, so without it thread 1's first
        // show could run before thread 0's first fetch and see alice's unit as never fetched (no title).
        (await bob.FetchAsync("alice", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        const int Rounds = 8;
        using var start = new Barrier(2);

        async Task<List<string>> WorkAsync(int thread)
        {
            start.SignalAndWait(Ct);
            var seen = new List<string>();
            for (var i = 0; i < Rounds; i++)
            {
                if (thread == 0)
                {
                    (await bob.FetchAsync("alice", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
                    seen.Add((await bob.Queries.ShowAsync(TwoTowns.AliceChain + "/gastown/gt-2", Ct)).WorkUnit.Title);
                }
                else
                {
                    seen.Add((await bob.Queries.ShowAsync("bb-1", Ct)).Dependencies.Single().Title!);
                    (await bob.ResolveAsync("web/bb-1", cancellationToken: Ct)).ToString().ShouldBe(TwoTowns.BobChain + "/web/bb-1");
                }

                await bob.Events.AppendAsync($"round_{thread}", cancellationToken: Ct);
                seen.Add(bob.Identity.Actor!.Value.Path);
            }

            return seen;
        }

        // Two real threads, not two continuations on one: the facade must not rely on a single caller.
        var results = await Task.WhenAll(
            Task.Factory.StartNew(() => WorkAsync(0), Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap(),
            Task.Factory.StartNew(() => WorkAsync(1), Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());

        results[0].Where((_, i) => i % 2 == 0).ShouldAllBe(t => t == "Needs gt-1");
        results[1].Where((_, i) => i % 2 == 0).ShouldAllBe(t => t == "Ship the facade");
        results.SelectMany(r => r.Where((_, i) => i % 2 == 1)).ShouldAllBe(a => a == "web/crew/bob");
        var events = (await bob.Events.ReadAsync(cancellationToken: Ct)).Events;
        events.Count(e => e.Type == "round_0").ShouldBe(Rounds);
        events.Count(e => e.Type == "round_1").ShouldBe(Rounds);
    }

    [Fact]
    public async Task From_di_the_town_is_one_singleton_sharing_the_containers_services()
    {
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = _towns.Bob.Root)
            .AddTown()
            .AddGitTransport(o => o.FetchPolicy = FetchPolicy.Never);
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            var town = provider.GetRequiredService<Town>();
            provider.GetRequiredService<Town>().ShouldBeSameAs(town);
            town.Queries.ShouldBeSameAs(provider.GetRequiredService<FederationQueries>());
            town.Remotes.ShouldBeSameAs(provider.GetRequiredService<RemoteRegistry>());
            provider.GetRequiredService<GitChainProvider>().FetchPolicy.ShouldBe(FetchPolicy.Never);
            town.Chain.ShouldBe(GtUri.Parse(TwoTowns.BobChain));
            TownOwner(town).ShouldBe("bob@example.com");

            // Disposing the town a container gave out does not dispose the container's services: the town's members
            // refuse, while a service taken before (the container's singleton, as docs/architecture.md says) still answers.
            var queries = town.Queries;
            town.Dispose();
            Should.Throw<ObjectDisposedException>(() => town.Queries);
            town.Chain.ShouldBe(GtUri.Parse(TwoTowns.BobChain));
            provider.GetRequiredService<FederationQueries>().ShouldNotBeNull();
            (await queries.ShowAsync("bb-1", Ct)).WorkUnit.Id.ShouldBe("bb-1");
        }
    }

    [Fact]
    public void A_transport_registered_for_another_town_beside_the_facade_is_refused_not_used()
    {
        // Each package README's way in, used together: the transport kept its own folder, and the Town published that
        // town's work with no error. Now resolving the Town says which two folders disagree.
        var services = new ServiceCollection();
        services.AddGasTownFederationGitTransport(o => o.TownRoot = _towns.Alice.Root);
        services.AddGasTownFederation(o => o.TownRoot = _towns.Bob.Root).AddTown();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var refused = Should.Throw<FederationException>(() => provider.GetRequiredService<Town>());

        refused.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        refused.Message.ShouldContain($"wired to the town at {_towns.Alice.Root} (GitTransportOptions.TownRoot), but this Town is the one at {_towns.Bob.Root}");
        Should.Throw<FederationException>(() => Town.Open(_towns.Bob.Root, b => b.AddGitTransport(o => o.TownRoot = _towns.Alice.Root)))
            .ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);

        // The same folder, however written, is the same town.
        using var same = Town.Open(_towns.Bob.Root, b => b.AddGitTransport(o => o.TownRoot = _towns.Bob.Root + Path.DirectorySeparatorChar));
        same.Root.ShouldBe(_towns.Bob.Root);
        var linked = Path.Combine(Path.GetDirectoryName(_towns.Bob.Root)!, "bob-linked");
        Directory.CreateSymbolicLink(linked, _towns.Bob.Root);
        using var throughLink = Town.Open(_towns.Bob.Root, b => b.AddGitTransport(o => o.TownRoot = linked));
        throughLink.Root.ShouldBe(_towns.Bob.Root);
    }

    [Fact]
    public async Task Configuration_given_to_open_wins_over_the_defaults()
    {
        await using var town = Town.Open(_towns.Bob.Root, b => b.AddGitTransport(o => o.FetchPolicy = FetchPolicy.Never));
        town.Services.GetRequiredService<GitChainProvider>().FetchPolicy.ShouldBe(FetchPolicy.Never);
    }

    [Fact]
    public void An_invalid_option_fails_at_open_with_the_sdk_error_kind()
    {
        var ex = Should.Throw<FederationException>(() => Town.Open(_towns.Bob.Root, b => b.AddGitTransport(o => o.FetchTimeout = TimeSpan.Zero)));
        ex.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        ex.Message.ShouldContain("FetchTimeout");
    }

    [Fact]
    public void A_folder_that_is_no_town_or_no_folder_fails_with_the_sdk_error_kind()
    {
        var missing = Should.Throw<FederationException>(() => Town.Open(Path.Combine(_towns.Bob.Root, "nowhere")));
        missing.ErrorKind.ShouldBe(FederationErrorKind.NotFound);

        var notATown = Should.Throw<TownMetadataException>(() => Town.Open(_towns.Bob.PathOf("web")));
        notATown.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        notATown.Message.ShouldContain("mayor/town.json");

        // A file given for the town's folder: said so, not "does not exist".
        var file = Should.Throw<FederationException>(() => Town.Open(Path.Combine(_towns.Bob.Root, "mayor", "town.json")));
        file.Message.ShouldContain("it is a file, not a folder");

        // A folder where town.json should be: a TownMetadataException naming it, where it was .NET's UnauthorizedAccessException.
        var odd = Path.Combine(_towns.Bob.Root, "odd");
        Directory.CreateDirectory(Path.Combine(odd, "mayor", "town.json"));
        var folder = Should.Throw<TownMetadataException>(() => Town.Open(odd));
        folder.Message.ShouldContain("mayor/town.json is a folder, not a file");
    }

    [Fact]
    public void From_di_a_missing_folder_or_no_town_root_fails_with_the_sdk_error_open_gives()
    {
        // A folder that does not exist: the FederationException Town.Open throws, where it was the options' OptionsValidationException.
        var nowhere = Path.Combine(_towns.Bob.Root, "nowhere");
        var open = Should.Throw<FederationException>(() => Town.Open(nowhere));
        var fromDi = Should.Throw<FederationException>(() => ResolveTown(nowhere));
        fromDi.GetType().ShouldBe(open.GetType());
        fromDi.ErrorKind.ShouldBe(FederationErrorKind.NotFound);
        fromDi.Message.ShouldBe(open.Message);

        // No town root at all is the host's configuration to fix.
        foreach (var empty in new[] { "", "  " })
        {
            var none = Should.Throw<FederationException>(() => ResolveTown(empty));
            none.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
            none.Message.ShouldContain("FederationOptions.TownRoot is required");
        }

        // A folder that is no town: the same TownMetadataException either way.
        Should.Throw<TownMetadataException>(() => ResolveTown(_towns.Bob.PathOf("web"))).Message
            .ShouldBe(Should.Throw<TownMetadataException>(() => Town.Open(_towns.Bob.PathOf("web"))).Message);

        static Town ResolveTown(string root)
        {
            var services = new ServiceCollection();
            services.AddGasTownFederation(o => o.TownRoot = root).AddTown();
            using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            return provider.GetRequiredService<Town>();
        }
    }

    [Fact]
    public async Task A_town_created_as_the_readme_shows_opens_takes_work_and_answers_queries()
    {
        // The Hosting README's "Create a town", as written there.
        using var temp = new GasTown.Federation.TestSupport.TempDirectory("hosting-create");
        var townRoot = temp.Combine("home");

        await TownMetadata.CreateNew("home", owner: "alice@example.com", publicName: null, TimeProvider.System).SaveAsync(townRoot, Ct);

        await using var town = Town.Open(townRoot);
        await town.Writer.AddRigAsync("web", prefix: "web", Ct);
        var created = await town.Writer.CreateWorkUnitAsync("web", new WorkUnitDraft { Title = "Landing page" }, actor: "web/crew/alice", Ct);

        town.Chain.ShouldBe(GtUri.Parse("gt://alice@example.com/home"));
        created.Rig.ShouldBe("web");
        created.WorkUnit.Id.ShouldStartWith("web-");
        (await town.Queries.ShowAsync(created.WorkUnit.Id, Ct)).WorkUnit.Title.ShouldBe("Landing page");
    }

    [Fact]
    public async Task Dot_slash_short_forms_resolve_inside_a_rigs_folder_only()
    {
        await using var town = Town.Open(_towns.Bob.Root);

        (await town.ResolveAsync("./bb-1", _towns.Bob.PathOf("web"), Ct)).ToString().ShouldBe(TwoTowns.BobChain + "/web/bb-1");
        (await town.ResolveAsync("bb-1", cancellationToken: Ct)).ToString().ShouldBe(TwoTowns.BobChain + "/web/bb-1");
        var outside = await Should.ThrowAsync<WorkReferenceResolutionException>(async () => await town.ResolveAsync("./bb-1", _towns.Bob.Root, Ct));
        var none = await Should.ThrowAsync<WorkReferenceResolutionException>(async () => await town.ResolveAsync("./bb-1", cancellationToken: Ct));

        // Said in this call's terms (the folder given), not the reference context's (which asked for a currentRig).
        outside.Message.ShouldBe($"'./bb-1' refers to the current rig, but {_towns.Bob.Root} is not inside one of this town's rigs; write rig/bb-1, or run it from the rig's folder.");
        none.Message.ShouldBe("'./bb-1' refers to the current rig, and no current folder was given to find it; write rig/bb-1.");
    }

    [Fact]
    public async Task A_disposed_town_refuses_every_member_and_disposes_once()
    {
        var town = Town.Open(_towns.Bob.Root);
        var events = town.Events;
        await town.DisposeAsync();
        town.Dispose();

        Should.Throw<ObjectDisposedException>(() => town.Remotes);
        Should.Throw<ObjectDisposedException>(() => town.Queries);
        Should.Throw<ObjectDisposedException>(() => town.Identity);
        await Should.ThrowAsync<ObjectDisposedException>(async () => await events.ReadAsync(cancellationToken: Ct));
        await Should.ThrowAsync<ObjectDisposedException>(() => town.FetchAllAsync(cancellationToken: Ct));
    }

    public void Dispose() => _towns.Dispose();

    // The owner the town hands to attribution (after explicit options, GIT_AUTHOR_EMAIL and git's user.email).
    private static string? TownOwner(Town town) => town.Services.GetRequiredService<IOptions<ProvenanceOptions>>().Value.TownOwner;
}
