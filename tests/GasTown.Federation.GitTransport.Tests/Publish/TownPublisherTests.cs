using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class TownPublisherTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown AliceTown(Func<TownBuilder, TownBuilder>? extra = null) => _world.AddTown("alice", b =>
    {
        b = b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-abc", "Public gastown work")
                .WithIssue("gt-def", "Depends on beads", i => i.DependsOn("external:beads:bd-xyz")))
            .WithRig("secret", "sc-", rig => rig.WithIssue("sc-1", "Top secret merger plan"))
            .WithTownBeads(hq => hq.WithIssue("hq-1", "Private town chore"))
            .WithEmployment("alice@example.com", "acme.com")
            .WithEvent("2025-12-30T18:00:00Z", "sling", "gastown/crew/max", "{\"bead\":\"gt-abc\"}", visibility: "feed")
            .WithEvent("2025-12-30T18:01:00Z", "audit_only", "mayor", "{\"note\":\"private audit detail\"}", visibility: "audit")
            .WithEvent("2025-12-30T18:02:00Z", "done", "gastown/polecats/nux", null, visibility: "both");
        return extra is null ? b : extra(b);
    });

    [Fact]
    public async Task The_published_tree_has_the_town_layout_and_only_public_rigs()
    {
        var town = AliceTown();

        var result = await town.PublishAsync("gastown");

        result.Created.ShouldBeTrue();
        result.PublicRigs.ShouldBe(["gastown"]);
        var files = town.Git("ls-tree", "-r", "--name-only", FederationRepository.PublishedBranch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.ShouldBe([".beads/routes.jsonl", "federation/relationships.jsonl", "gastown/mayor/rig/.beads/issues.jsonl", "mayor/town.json"], ignoreOrder: true);
        result.Paths.ShouldBe(files.Order(StringComparer.Ordinal).ToArray());
        town.Git("show", $"{FederationRepository.PublishedBranch}:.beads/routes.jsonl").ShouldBe("{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n");
    }

    [Fact]
    public async Task Published_files_are_byte_identical_to_the_town_files()
    {
        var town = AliceTown();

        await town.PublishAsync("gastown");

        foreach (var path in new[] { "mayor/town.json", "gastown/mayor/rig/.beads/issues.jsonl", "federation/relationships.jsonl" })
        {
            var blob = town.Git("rev-parse", $"{FederationRepository.PublishedBranch}:{path}").Trim();
            var onDisk = GitCli.Run(town.Root, "hash-object", path).Trim();
            blob.ShouldBe(onDisk, path);
        }
    }

    [Fact]
    public async Task No_private_rig_title_is_in_any_object_reachable_from_the_published_branch()
    {
        var town = AliceTown();
        await town.PublishAsync("gastown");
        // A second publication after private changes too: history must stay clean.
        File.AppendAllText(town.Built.IssuesPathOf("secret"), "{\"id\":\"sc-2\",\"title\":\"Another hidden acquisition\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        File.AppendAllText(town.Built.IssuesPathOf("gastown"), "{\"id\":\"gt-zzz\",\"title\":\"More public work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        (await town.PublishAsync()).Created.ShouldBeTrue();

        var everything = ReachableBlobText(town);
        var wholeObjectDatabase = AllObjectText(town);

        everything.ShouldContain("Public gastown work");
        everything.ShouldContain("More public work");
        everything.ShouldNotContain("Top secret merger plan");
        everything.ShouldNotContain("Another hidden acquisition");
        everything.ShouldNotContain("Private town chore");
        everything.ShouldNotContain("private audit detail");
        everything.ShouldNotContain("sc-");
        // Not even an unreachable object: the tree is built from the allowed files only.
        wholeObjectDatabase.ShouldNotContain("Top secret merger plan");
        wholeObjectDatabase.ShouldNotContain("Another hidden acquisition");
        wholeObjectDatabase.ShouldNotContain("Private town chore");
    }

    [Fact]
    public async Task Commits_are_attributed_to_the_actor_and_owner_with_an_Executed_By_trailer()
    {
        var town = AliceTown();

        await town.PublishAsync("gastown");

        town.Git("log", "--format=%an <%ae>|%cn <%ce>", FederationRepository.PublishedBranch).Trim()
            .ShouldBe("gastown/crew/max <alice@example.com>|gastown/crew/max <alice@example.com>");
        town.Git("log", "--format=%(trailers:key=Executed-By,valueonly)", FederationRepository.PublishedBranch).Trim()
            .ShouldBe("gastown/crew/max");
    }

    [Fact]
    public async Task Publishing_unchanged_data_makes_no_new_commit()
    {
        var town = AliceTown();

        var first = await town.PublishAsync("gastown");
        var second = await town.PublishAsync("gastown");

        second.Created.ShouldBeFalse();
        second.Commit.ShouldBe(first.Commit);
        town.Git("rev-list", "--count", FederationRepository.PublishedBranch).Trim().ShouldBe("1");
    }

    [Fact]
    public async Task A_changed_public_file_makes_a_child_commit()
    {
        var town = AliceTown();
        var first = await town.PublishAsync("gastown");

        File.AppendAllText(town.Built.IssuesPathOf("gastown"), "{\"id\":\"gt-new\",\"title\":\"New\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        var second = await town.PublishAsync();

        second.Created.ShouldBeTrue();
        town.Git("rev-parse", second.Commit + "^").Trim().ShouldBe(first.Commit);
    }

    [Fact]
    public async Task A_private_change_alone_makes_no_commit()
    {
        var town = AliceTown();
        await town.PublishAsync("gastown");

        File.AppendAllText(town.Built.IssuesPathOf("secret"), "{\"id\":\"sc-9\",\"title\":\"x\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");

        (await town.PublishAsync()).Created.ShouldBeFalse();
    }

    [Fact]
    public async Task Named_rigs_stay_public_and_are_remembered_in_git_config()
    {
        var town = AliceTown();
        await town.PublishAsync("gastown");

        var later = await town.PublishAsync();

        later.PublicRigs.ShouldBe(["gastown"]);
        // Remembered by the rig's identity (its marker file), with its name beside it.
        var identity = File.ReadAllText(town.Built.PathOf("gastown/.gtfed-publish")).Trim();
        town.Git("config", "--get", $"gtPublish.{identity}.rig").Trim().ShouldBe("gastown");
        town.Git("config", "--get-all", $"gtPublish.{identity}.prefix").Trim().ShouldBe("gt-");
        town.Publisher.GetPublicRigs().ShouldBe(["gastown"]);
    }

    [Fact]
    public async Task Nothing_is_public_by_default()
    {
        var town = AliceTown();

        var result = await town.PublishAsync();

        result.PublicRigs.ShouldBeEmpty();
        result.Paths.ShouldBe(["federation/relationships.jsonl", "mayor/town.json"]);
    }

    [Fact]
    public async Task An_unknown_rig_is_refused_before_anything_is_written()
    {
        var town = AliceTown();

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("nope"));

        error.Message.ShouldContain("'nope'");
        error.Message.ShouldContain("gastown, secret");
        GitCli.TryRun(town.Repository.Path, "rev-parse", "--verify", FederationRepository.PublishedBranch).ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task Town_beads_and_feed_events_are_published_only_when_asked()
    {
        var town = AliceTown();

        // The events name gastown, so they leave only with gastown public.
        await town.Publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"], IncludeTownBeads = true, IncludeFeedEvents = true, Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken);

        var events = town.Git("show", $"{FederationRepository.PublishedBranch}:.events.jsonl");
        events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
        events.ShouldContain("\"sling\"");
        events.ShouldContain("\"done\"");
        events.ShouldNotContain("audit_only");
        town.Git("show", $"{FederationRepository.PublishedBranch}:.beads/issues.jsonl").ShouldContain("Private town chore");
        var routes = town.Git("show", $"{FederationRepository.PublishedBranch}:.beads/routes.jsonl");
        routes.ShouldContain("{\"prefix\":\"hq-\",\"path\":\".\"}\n");
        routes.ShouldNotContain("sc-");
    }

    [Fact]
    public async Task An_escaping_route_of_a_public_rig_is_refused()
    {
        var town = _world.AddTown("evil", b => b.Named("evil").OwnedBy("eve@example.com")
            .WithRouteLine("{\"prefix\":\"ev-\",\"path\":\"../outside\"}"));

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync(".."));

        error.Message.ShouldContain("..");
    }

    [Fact]
    public async Task A_symlink_leaving_the_town_is_not_published()
    {
        var town = AliceTown();
        var outside = _world.Temp.Combine("outside-secret.jsonl");
        File.WriteAllText(outside, "{\"id\":\"x-1\",\"title\":\"outside secret\"}\n");
        var issues = town.Built.IssuesPathOf("gastown");
        File.Delete(issues);
        File.CreateSymbolicLink(issues, outside);

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("gastown"));

        error.Message.ShouldContain("outside the town");
    }

    [Theory]
    [InlineData("gastown/crew/\nmax")]
    [InlineData("   ")]
    [InlineData("evil <x@y.z>")]
    public async Task A_bad_actor_is_refused_and_nothing_is_committed(string actor)
    {
        var town = AliceTown();

        await Should.ThrowAsync<PublishException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = actor, Owner = "alice@example.com" }, TestContext.Current.CancellationToken));

        town.Repository.EnsureCreated();
        GitCli.TryRun(town.Repository.Path, "rev-parse", "--verify", FederationRepository.PublishedBranch).ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task The_actor_and_owner_default_to_what_Provenance_resolves()
    {
        var town = AliceTown();
        var environment = new GasTown.Federation.Provenance.DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["BD_ACTOR"] = "gastown/witness",
            ["GIT_AUTHOR_EMAIL"] = "overseer@example.com",
        });
        var publisher = new TownPublisher(town.Repository, town.Root, actorResolver: new GasTown.Federation.Provenance.ActorResolver(environment: environment));

        await publisher.PublishAsync(new PublishOptions(), TestContext.Current.CancellationToken);

        town.Git("log", "--format=%an <%ae>", FederationRepository.PublishedBranch).Trim().ShouldBe("gastown/witness <overseer@example.com>");
    }

    [Fact]
    public async Task Without_actor_or_owner_configured_the_mayor_publishes_for_the_town_owner()
    {
        var town = AliceTown();
        var empty = new GasTown.Federation.Provenance.DictionaryEnvironmentVariables(new Dictionary<string, string>());
        var publisher = new TownPublisher(town.Repository, town.Root, actorResolver: new GasTown.Federation.Provenance.ActorResolver(environment: empty));

        await publisher.PublishAsync(new PublishOptions(), TestContext.Current.CancellationToken);

        town.Git("log", "--format=%an <%ae>", FederationRepository.PublishedBranch).Trim().ShouldBe("mayor <alice@example.com>");
    }

    [Fact]
    public async Task Publishing_pushes_to_a_registered_remote()
    {
        var town = AliceTown();
        var hosted = _world.Temp.Combine("hosted.git");
        GitCli.Run(_world.Temp.Path, "init", "--bare", "--quiet", hosted);
        town.Repository.EnsureCreated();
        town.Git("remote", "add", "hosting", hosted);

        var result = await town.Publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "hosting" }, TestContext.Current.CancellationToken);

        result.PushedTo.ShouldBe("hosting");
        GitCli.Run(hosted, "rev-parse", FederationRepository.PublishedBranch).Trim().ShouldBe(result.Commit);
    }

    [Fact]
    public async Task Publishing_refuses_to_push_to_a_chain_remote_another_town_s_repository_and_commits_nothing()
    {
        // Bob's town is fetched by alice as a chain remote; his repository is his, not a place for alice's branch.
        var town = AliceTown();
        var bob = _world.Temp.Combine("bob.git");
        GitCli.Run(_world.Temp.Path, "init", "--bare", "--quiet", bob);
        town.Registry.Add("bob", bob, GtUri.Parse("gt://bob@example.com/bob-town"));

        var error = await Should.ThrowAsync<PublishException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "bob" }, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("chain remote");
        error.Message.ShouldContain("Nothing was published");
        GitCli.Run(bob, "for-each-ref").Trim().ShouldBeEmpty();
        Should.Throw<Exception>(() => town.Git("rev-parse", "--verify", "--quiet", FederationRepository.PublishedBranch));
    }

    [Fact]
    public async Task Publishing_to_a_push_target_no_remote_names_commits_nothing()
    {
        // The branch moved and then the push failed: towns that fetch this town's own repository took what the publish
        // said it had not published. A first publish and a later one alike.
        var town = AliceTown();
        PublishOptions Options(string? pushRemote) => new() { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = pushRemote };
        var first = await Should.ThrowAsync<RemoteNotFoundException>(() => town.Publisher.PublishAsync(Options("nope"), TestContext.Current.CancellationToken));
        first.RemoteName.ShouldBe("nope");
        first.Message.ShouldContain("nothing was published");
        Should.Throw<Exception>(() => town.Git("rev-parse", "--verify", "--quiet", FederationRepository.PublishedBranch));

        var published = await town.Publisher.PublishAsync(Options(null), TestContext.Current.CancellationToken);
        File.AppendAllText(town.Built.IssuesPathOf("gastown"), """{"id":"gt-new","title":"Later","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-02T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"}""" + "\n");
        town.Git("remote", "add", "Backup", _world.Temp.Combine("backup.git"));

        var again = await Should.ThrowAsync<RemoteNotFoundException>(() => town.Publisher.PublishAsync(Options("backup"), TestContext.Current.CancellationToken));
        again.CaseVariant.ShouldBe("Backup");
        town.Git("rev-parse", FederationRepository.PublishedBranch).Trim().ShouldBe(published.Commit);
    }

    [Fact]
    public async Task A_non_fast_forward_push_is_a_typed_rejection()
    {
        var town = AliceTown();
        var hosted = _world.Temp.Combine("hosted.git");
        GitCli.Run(_world.Temp.Path, "init", "--bare", "--quiet", hosted);
        // Someone else published there first.
        var other = _world.AddTown("other", b => b.Named("other").OwnedBy("bob@example.com").WithRig("x", "x-", r => r.WithIssue("x-1", "Other")));
        other.Repository.EnsureCreated();
        other.Git("remote", "add", "hosting", hosted);
        await other.Publisher.PublishAsync(new PublishOptions { Rigs = ["x"], Actor = "mayor", Owner = "bob@example.com", PushRemote = "hosting" }, TestContext.Current.CancellationToken);
        town.Repository.EnsureCreated();
        town.Git("remote", "add", "hosting", hosted);

        var error = await Should.ThrowAsync<PushRejectedException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "hosting" }, TestContext.Current.CancellationToken));

        error.RemoteName.ShouldBe("hosting");
        // The local branch is published all the same; the remote keeps the other town's commit.
        town.Git("rev-parse", "--verify", FederationRepository.PublishedBranch).ShouldNotBeEmpty();
        GitCli.Run(hosted, "log", "--format=%an <%ae>", FederationRepository.PublishedBranch).Trim().ShouldBe("mayor <bob@example.com>");
    }

    [Fact]
    public async Task A_push_whose_error_message_holds_a_brace_is_a_typed_error()
    {
        // libgit2's message names the URL; LibGit2Sharp formats it as a format string, and threw FormatException.
        var town = AliceTown();
        town.Repository.EnsureCreated();
        var served = _world.Temp.Combine("served");
        Directory.CreateDirectory(served);
        using var daemon = GitDaemon.Start(served);
        town.Git("remote", "add", "braces", $"git://127.0.0.1:{daemon.Port}/{{boom}}");

        var error = await Should.ThrowAsync<RemotePushException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "braces" }, TestContext.Current.CancellationToken));

        error.RemoteName.ShouldBe("braces");
        error.Message.ShouldContain("could not format");
    }

    [Fact]
    public async Task An_unreachable_push_remote_is_a_typed_error()
    {
        var town = AliceTown();
        town.Repository.EnsureCreated();
        town.Git("remote", "add", "gone", _world.Temp.Combine("does-not-exist.git"));

        var error = await Should.ThrowAsync<RemotePushException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "gone" }, TestContext.Current.CancellationToken));

        error.RemoteName.ShouldBe("gone");
        error.InnerException.ShouldNotBeNull();
        // Said as what it is (libgit2 says "unsupported URL protocol" of a path that names nothing), with what to do.
        error.Message.ShouldContain($"there is no repository at {_world.Temp.Combine("does-not-exist.git")} (no such folder)");
        error.Message.ShouldContain("git init --bare");
        error.Message.ShouldNotContain("unsupported URL protocol");

        // A folder that is no repository: said so, not as a host to check.
        var plain = _world.Temp.Combine("plain-folder");
        Directory.CreateDirectory(plain);
        town.Git("remote", "add", "plain", plain);
        var notARepository = await Should.ThrowAsync<RemotePushException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "plain" }, TestContext.Current.CancellationToken));
        notARepository.Message.ShouldContain($"{plain} is a folder but no git repository");
    }

    [Fact]
    public async Task A_push_url_with_a_hand_configured_password_is_shown_without_it()
    {
        // Refused when registered (RemoteRegistry), but git config can be edited by hand: the failure still names the
        // URL as RegisteredRemote.DisplayUrl does. Port 1 on loopback: nothing listens, the push fails at once.
        var town = AliceTown();
        town.Repository.EnsureCreated();
        town.Git("remote", "add", "hosting", "http://mayor:s3cret@127.0.0.1:1/town.git");

        var error = await Should.ThrowAsync<RemotePushException>(() => town.Publisher.PublishAsync(
            new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "hosting" }, TestContext.Current.CancellationToken));

        error.Message.ShouldNotContain("s3cret");
        error.Message.ShouldContain("mayor:***@127.0.0.1");
    }

    internal static string AllObjectText(TestTown town)
    {
        var objects = town.Git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new System.Text.StringBuilder();
        foreach (var sha in objects)
        {
            text.Append(town.Git("cat-file", "-p", sha)).Append('\n');
        }

        return text.ToString();
    }

    internal static string ReachableBlobText(TestTown town)
    {
        var objects = town.Git("rev-list", "--objects", FederationRepository.PublishedBranch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new System.Text.StringBuilder();
        foreach (var line in objects)
        {
            var sha = line.Split(' ')[0];
            var type = town.Git("cat-file", "-t", sha).Trim();
            text.Append(town.Git("cat-file", "-p", sha)).Append('\n');
            type.ShouldBeOneOf("commit", "tree", "blob");
        }

        return text.ToString();
    }
}
