using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class RemoteRegistryTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-remotes");
    private readonly FederationRepository _repository;
    private readonly RemoteRegistry _registry;

    public RemoteRegistryTests()
    {
        _repository = FederationRepository.ForTown(_temp.Path);
        _registry = new RemoteRegistry(_repository);
    }

    public void Dispose()
    {
        _repository.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void First_use_creates_a_bare_repository_under_federation_git()
    {
        _repository.Exists.ShouldBeFalse();

        _registry.List().ShouldBeEmpty();

        _repository.Path.ShouldBe(Path.Combine(_temp.Path, "federation", "git"));
        GitCli.Run(_repository.Path, "rev-parse", "--is-bare-repository").Trim().ShouldBe("true");
    }

    [Fact]
    public void An_added_remote_is_an_ordinary_git_remote_with_the_chain_uri_beside_the_url()
    {
        var url = _temp.Combine("elsewhere", "federation", "git");

        var added = _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering"));

        added.Url.ShouldBe(url);
        var remotes = GitCli.Run(_repository.Path, "remote", "-v");
        remotes.ShouldContain($"acme\t{url} (fetch)");
        GitCli.Run(_repository.Path, "config", "--get", "remote.acme.gtUri").Trim().ShouldBe("gt://acme.com/engineering");
        // Only the published branch, never refs/heads/*: a hand-typed `git fetch acme` takes no more than the SDK does.
        GitCli.Run(_repository.Path, "config", "--get", "remote.acme.fetch").Trim().ShouldBe($"+refs/heads/{FederationRepository.PublishedBranch}:refs/remotes/acme/{FederationRepository.PublishedBranch}");
        GitCli.TryRun(_repository.Path, "config", "--get", "remote.acme.gtRig").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void A_listing_reads_what_git_config_says_of_every_remote_as_git_reads_it()
    {
        // The listing reads the configuration in one pass (not a lookup per key); these are the cases where one pass could
        // read differently from git: a key written in another case, a value repeated, a plain git remote, an insteadOf rule.
        _registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        _registry.Add("beads", "https://example.invalid/beads.git", GtUri.Parse("gt://steve@example.com/beads"), rig: "beads");
        for (var i = 0; i < 40; i++)
        {
            _registry.Add($"r{i:00}", $"https://example.invalid/r{i}.git", GtUri.Parse($"gt://owner{i}@example.com/town{i}"));
        }

        _registry.AddPushTarget("backup", "https://example.invalid/backup.git");
        GitCli.Run(_repository.Path, "config", "remote.acme.GTBRANCH", "first");
        GitCli.Run(_repository.Path, "config", "--add", "remote.acme.gtBranch", "release");
        GitCli.Run(_repository.Path, "config", "url.https://mirror.invalid/.insteadOf", "https://example.invalid/");

        var listed = _registry.List();

        listed.Select(r => r.Name).ShouldBe(["acme", "beads", .. Enumerable.Range(0, 40).Select(i => $"r{i:00}")]);
        var acme = listed[0];
        acme.Branch.ShouldBe("release"); // git config --get: the last value
        GitCli.Run(_repository.Path, "config", "--get", "remote.acme.gtbranch").Trim().ShouldBe("release");
        listed[1].Rig.ShouldBe("beads");
        listed[2].Chain.ShouldBe(GtUri.Parse("gt://owner0@example.com/town0"));
        using var repo = new LibGit2Sharp.Repository(_repository.Path);
        foreach (var remote in listed)
        {
            remote.Url.ShouldBe(repo.Network.Remotes[remote.Name].Url, remote.Name);
        }

        acme.Url.ShouldStartWith("https://mirror.invalid/");
    }

    [Fact]
    public void A_bare_entry_after_a_value_is_what_git_reads_and_the_listing_too()
    {
        // git reads a key's last entry, a bare one (no "= value") included: a hand-edited bare gtUri after acme's value
        // leaves acme naming no chain, and a bare gtBranch leaves beads on the default branch.
        _registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        _registry.Add("beads", "https://example.invalid/beads.git", GtUri.Parse("gt://steve@example.com/beads"));
        GitCli.Run(_repository.Path, "config", "remote.beads.gtBranch", "release");
        File.AppendAllText(Path.Combine(_repository.Path, "config"), "[remote \"acme\"]\n\tgtUri\n[remote \"beads\"]\n\tgtBranch\n");
        GitCli.Run(_repository.Path, "config", "--get-all", "remote.acme.gturi").Split('\n')
            .ShouldBe(["gt://acme.com/engineering", "", ""], "git lists the bare entry last, with no value (then the final newline)");

        var listed = _registry.List();

        listed.Select(r => r.Name).ShouldBe(["beads"]);
        listed[0].Branch.ShouldBeNull();
    }

    [Fact]
    public void A_one_rig_remote_keeps_its_rig_name_in_git_config()
    {
        _registry.Add("beads", "https://example.invalid/beads.git", GtUri.Parse("gt://steve@example.com/beads"), rig: "beads");

        GitCli.Run(_repository.Path, "config", "--get", "remote.beads.gtRig").Trim().ShouldBe("beads");
        var remote = _registry.Get("beads");
        remote.IsSingleRig.ShouldBeTrue();
        remote.Rig.ShouldBe("beads");
        remote.Chain.ShouldBe(GtUri.Parse("gt://steve@example.com/beads"));
    }

    [Fact]
    public void List_returns_chain_remotes_sorted_and_skips_plain_git_remotes()
    {
        _registry.Add("zeta", "https://example.invalid/z.git", GtUri.Parse("gt://zeta.org/town"));
        _registry.Add("acme", "git@example.invalid:acme/town.git", GtUri.Parse("gt://acme.com/engineering"));
        GitCli.Run(_repository.Path, "remote", "add", "pushonly", "https://example.invalid/mine.git");

        _registry.List().Select(r => r.Name).ShouldBe(["acme", "zeta"]);
    }

    [Fact]
    public void A_remote_added_by_another_process_is_seen_by_the_cached_list()
    {
        _registry.List().ShouldBeEmpty();

        GitCli.Run(_repository.Path, "remote", "add", "other", "https://example.invalid/o.git");
        GitCli.Run(_repository.Path, "config", "remote.other.gtUri", "gt://other.org/town");

        _registry.List().Select(r => r.Name).ShouldBe(["other"]);
    }

    [Fact]
    public void Remove_deletes_the_remote_and_its_keys()
    {
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        _registry.Remove("acme");

        _registry.List().ShouldBeEmpty();
        GitCli.Run(_repository.Path, "remote").Trim().ShouldBeEmpty();
        GitCli.TryRun(_repository.Path, "config", "--get", "remote.acme.gtUri").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void A_fetch_that_ends_after_its_remote_was_removed_records_nothing_and_a_new_remote_of_that_name_inherits_nothing()
    {
        // From a probe: a fetch still running when 'slow' was removed recorded its timeout after the removal, and a new
        // remote named 'slow' (another URL) was said to have failed its fetch, against the old URL.
        _registry.Add("slow", "git://127.0.0.1:9/x", GtUri.Parse("gt://slow.example/town"));
        _registry.Remove("slow");
        _registry.RecordFetchFailure("slow", DateTimeOffset.UtcNow, FetchFailureKind.TimedOut, "did not finish", TestContext.Current.CancellationToken);
        _registry.RecordFetch("slow", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        GitCli.TryRun(_repository.Path, "config", "--get-regexp", "^remote\\.slow\\.").ExitCode.ShouldBe(1);

        // What such a fetch left before this was guarded (its failure, its time, its refs and verified snapshot) goes
        // when a remote of that name is added again.
        var commit = GitCli.Run(_repository.Path, "commit-tree", "-m", "old", GitCli.Run(_repository.Path, "mktree").Trim()).Trim();
        GitCli.Run(_repository.Path, "config", "remote.slow.gtFetchFailure", $"{DateTimeOffset.UtcNow:O} TimedOut Fetching remote 'slow' from git://127.0.0.1:9/x did not finish");
        GitCli.Run(_repository.Path, "config", "remote.slow.gtFetchedAt", $"{DateTimeOffset.UtcNow.AddDays(-1):O}");
        GitCli.Run(_repository.Path, "update-ref", "refs/remotes/slow/gt/published", commit);
        GitCli.Run(_repository.Path, "update-ref", "refs/gt/verified/slow", commit);

        var added = _registry.Add("slow", _temp.Combine("new", "federation", "git"), GtUri.Parse("gt://slow.example/town"));

        added.LastFetchedAt.ShouldBeNull();
        var listed = _registry.Get("slow");
        listed.LastFetchedAt.ShouldBeNull();
        listed.LastFetchFailure.ShouldBeNull();
        GitCli.Run(_repository.Path, "for-each-ref", "refs/remotes/slow", "refs/gt/verified").Trim().ShouldBeEmpty();
    }

    [Fact]
    public void Push_targets_are_listed_apart_from_chains_and_removed_with_their_refs()
    {
        // Before, a push target could be added but neither listed nor removed: a mistyped one stayed for good.
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));
        _registry.AddPushTarget("backup", "https://example.invalid/backup.git");
        GitCli.Run(_repository.Path, "remote", "add", "mirror", "https://example.invalid/mirror.git"); // added with git itself
        GitCli.Run(_repository.Path, "update-ref", "refs/push-targets/backup/gt/published", GitCli.Run(_repository.Path, "hash-object", "-w", "/dev/null").Trim());

        _registry.ListPushTargets().ShouldBe([new PushTarget("backup", "https://example.invalid/backup.git"), new PushTarget("mirror", "https://example.invalid/mirror.git")]);
        _registry.List().Select(r => r.Name).ShouldBe(["acme"]);

        _registry.RemovePushTarget("backup");

        _registry.ListPushTargets().Select(t => t.Name).ShouldBe(["mirror"]);
        GitCli.TryRun(_repository.Path, "config", "--get", "remote.backup.url").ExitCode.ShouldBe(1);
        GitCli.Run(_repository.Path, "for-each-ref", "refs/push-targets/").Trim().ShouldBeEmpty();
        _registry.List().Select(r => r.Name).ShouldBe(["acme"]);
    }

    [Fact]
    public void Removing_a_push_target_that_is_a_chain_remote_or_nothing_is_a_typed_error_that_changes_nothing()
    {
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        Should.Throw<RemoteNotFoundException>(() => _registry.RemovePushTarget("acme")).Message.ShouldContain("is a chain remote");
        Should.Throw<RemoteNotFoundException>(() => _registry.RemovePushTarget("ghost")).RemoteName.ShouldBe("ghost");
        _registry.List().Select(r => r.Name).ShouldBe(["acme"]);
    }

    [Fact]
    public void Removing_an_unknown_remote_is_a_typed_error()
    {
        var error = Should.Throw<RemoteNotFoundException>(() => _registry.Remove("ghost"));
        error.RemoteName.ShouldBe("ghost");
        error.Message.ShouldContain("RemoteRegistry.List");
    }

    [Fact]
    public void A_duplicate_name_is_refused_even_in_another_case()
    {
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        var error = Should.Throw<RemoteAlreadyExistsException>(
            () => _registry.Add("ACME", "https://example.invalid/b.git", GtUri.Parse("gt://acme.com/sales")));
        error.ExistingRemoteName.ShouldBe("acme");
    }

    [Fact]
    public void A_name_in_another_case_is_not_found_and_the_error_names_the_registered_one()
    {
        // Names are case-sensitive, as git's are; since a case twin cannot be added, the one that differs only in case is
        // what the user meant, and the error says so instead of telling them to register a name that would be refused.
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        foreach (var error in new[]
        {
            Should.Throw<RemoteNotFoundException>(() => _registry.Get("ACME")),
            Should.Throw<RemoteNotFoundException>(() => _registry.Remove("Acme")),
        })
        {
            error.CaseVariant.ShouldBe("acme");
            error.Message.ShouldContain("remote names are case-sensitive, and 'acme' is registered");
        }

        Should.Throw<RemoteNotFoundException>(() => _registry.Get("ghost")).CaseVariant.ShouldBeNull();
        _registry.Get("acme").Name.ShouldBe("acme");
    }

    [Fact]
    public async Task A_password_in_the_url_is_refused_and_one_configured_by_hand_is_never_shown()
    {
        // It would sit in git config in plain text, and the fetch log, its errors and every listing showed it.
        var refused = Should.Throw<InvalidRemoteException>(
            () => _registry.Add("acme", "https://ci:s3cretPW@127.0.0.1:1/a.git", GtUri.Parse("gt://acme.com/engineering")));
        refused.Field.ShouldBe("url");
        refused.Message.ShouldContain("https://ci:***@127.0.0.1:1/a.git");
        refused.Message.ShouldNotContain("s3cretPW");
        _registry.List().ShouldBeEmpty();
        _registry.Add("acme", "https://ci@127.0.0.1:1/a.git", GtUri.Parse("gt://acme.com/engineering")).Url.ShouldBe("https://ci@127.0.0.1:1/a.git");

        // Written into git config by hand: the fetch's error, its result and its log show the URL without the password.
        _repository.Use(repo => repo.Network.Remotes.Update("acme", r => r.Url = "https://ci:s3cretPW@127.0.0.1:1/a.git"));
        _registry.Get("acme").DisplayUrl.ShouldBe("https://ci:***@127.0.0.1:1/a.git");
        _registry.Get("acme").Url.ShouldBe("https://ci:s3cretPW@127.0.0.1:1/a.git");
        Should.Throw<RemoteAlreadyExistsException>(() => _registry.Add("other", "/srv/b.git", GtUri.Parse("gt://acme.com/engineering"))).Message.ShouldNotContain("s3cretPW");
        var log = new Microsoft.Extensions.Logging.Testing.FakeLogger<ChainFetcher>();
        var fetcher = new ChainFetcher(_registry, new GitTransportOptions { TownRoot = _temp.Path, FetchTimeout = TimeSpan.FromSeconds(20) }, logger: log);
        var error = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));
        error.Message.ShouldContain("https://ci:***@127.0.0.1:1/a.git");
        error.Url.ShouldBe("https://ci:***@127.0.0.1:1/a.git");
        foreach (var text in new[] { error.Message, error.ToString() }.Concat(log.Collector.GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(p => p.Value) ?? []))))
        {
            text.ShouldNotContain("s3cretPW");
        }

        log.Collector.GetSnapshot().ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("ssh://git:pw@host:22/r.git", "ssh://git:***@host:22/r.git")]
    [InlineData("https://u:p%40q@h/r@x.git", "https://u:***@h/r@x.git")]
    [InlineData("http://:pw@h/r.git", "http://:***@h/r.git")]
    public void Any_scheme_s_password_is_refused_and_shown_hidden(string url, string shown)
    {
        var error = Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering")));
        error.Message.ShouldContain($"'{shown}'");
    }

    [Theory]
    [InlineData("/srv/town.git\u202E", 0x202E, 13)] // a right-to-left override after a path: accepted, then git said "unsupported URL protocol"
    [InlineData("https://exa\u200Bmple.com/r.git", 0x200B, 11)]
    [InlineData("https://example.com/r.git\U000E0041", 0xE0041, 25)]
    [InlineData("https://example.com/\u0007r.git", 0x7, 20)]
    public void A_url_with_a_control_or_invisible_character_is_refused_naming_it(string url, int codePoint, int position)
    {
        var error = Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering")));
        error.Message.ShouldContain($"(U+{codePoint:X4} at position {position})");
        _registry.List().ShouldBeEmpty();
    }

    [Fact]
    public void A_duplicate_chain_is_refused()
    {
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        var error = Should.Throw<RemoteAlreadyExistsException>(
            () => _registry.Add("acme2", "https://example.invalid/b.git", GtUri.Parse("gt://ACME.com/engineering")));
        error.ExistingRemoteName.ShouldBe("acme");
        error.Message.ShouldContain("gt://acme.com/engineering");
    }

    [Fact]
    public void A_plain_git_remote_of_the_same_name_is_refused()
    {
        _repository.EnsureCreated();
        GitCli.Run(_repository.Path, "remote", "add", "mine", "https://example.invalid/mine.git");

        Should.Throw<RemoteAlreadyExistsException>(
            () => _registry.Add("mine", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")));
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("1acme", "name")]
    [InlineData("ac me", "name")]
    [InlineData("acme/eng", "name")]
    [InlineData("origin", "name")]
    [InlineData("Master", "name")]
    [InlineData("HEAD", "name")]
    [InlineData("main", "name")]
    public void Bad_names_are_refused_with_the_field_named(string name, string field)
    {
        var error = Should.Throw<InvalidRemoteException>(
            () => _registry.Add(name, "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")));
        error.Field.ShouldBe(field);
    }

    [Fact]
    public void A_name_longer_than_64_characters_is_refused()
    {
        Should.Throw<InvalidRemoteException>(
            () => _registry.Add(new string('a', 65), "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")))
            .Message.ShouldContain("64");
        _registry.Add(new string('a', 64), "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")).Name.Length.ShouldBe(64);
    }

    [Fact]
    public void The_bad_character_position_is_named()
    {
        var error = Should.Throw<InvalidRemoteException>(
            () => _registry.Add("acme!x", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")));
        error.Message.ShouldContain("position 4");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ftp://example.com/repo.git")]
    [InlineData("https://")]
    public void Bad_urls_are_refused(string url)
    {
        Should.Throw<InvalidRemoteException>(
            () => _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering"))).Field.ShouldBe("url");
    }

    [Theory]
    [InlineData("file:///srv/town.git")]
    [InlineData("git://127.0.0.1:9418/town")]
    [InlineData("http://example.com/town.git")]
    [InlineData("https://example.com/town.git")]
    [InlineData("ssh://git@example.com/town.git")]
    [InlineData("git@example.com:acme/town.git")]
    public void Supported_urls_are_kept_as_given(string url)
    {
        _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering")).Url.ShouldBe(url);
    }

    [Fact]
    public void A_relative_local_path_is_pinned_to_an_absolute_path()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("some", "relative", "path")).FullName;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, folder);
        Path.IsPathFullyQualified(relative).ShouldBeFalse();

        var added = _registry.Add("acme", relative, GtUri.Parse("gt://acme.com/engineering"));

        added.Url.ShouldBe(folder);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("github.com/acme/town")]
    public void Text_that_is_no_url_and_names_no_path_is_refused_saying_how_it_was_read(string url)
    {
        var error = Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering")));

        error.Field.ShouldBe("url");
        error.Message.ShouldContain($"'{url}' is not a URL");
        error.Message.ShouldContain(Path.GetFullPath(url) + " does not exist");
        _registry.List().ShouldBeEmpty();
    }

    [Fact]
    public void A_mistyped_url_with_a_password_is_refused_without_showing_it()
    {
        const string url = "https//ci:s3cret@example.com/town.git"; // the scheme's ':' forgotten
        var error = Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", url, GtUri.Parse("gt://acme.com/engineering")));

        error.Message.ShouldNotContain("s3cret");
        error.Message.ShouldContain(":***@example.com/town.git' is not a URL");
    }

    [Fact]
    public void A_home_folder_tilde_is_said_not_to_be_expanded()
    {
        Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", "~/no-such-town-repo", GtUri.Parse("gt://acme.com/engineering")))
            .Message.ShouldContain("'~' is not expanded");
    }

    [Theory]
    [InlineData("gt://acme.com")]
    [InlineData("gt://acme.com/engineering/ac-123")]
    [InlineData("gt://acme.com/engineering/backend/ac-123")]
    public void A_uri_that_is_not_a_chain_is_refused(string uri)
    {
        Should.Throw<InvalidRemoteException>(
            () => _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse(uri))).Field.ShouldBe("chain");
    }

    // issue 10: --rig was checked by a regex of its own that refused names every gt:// URI accepts ("a..b") and
    // accepted none that the URI refuses; now it is the SDK's one rig-name rule, the URI's rig segment.
    [Theory]
    [InlineData("a..b", true)]
    [InlineData("beads_2.x", true)]
    [InlineData("bad rig", false)]
    [InlineData("-x", false)]
    [InlineData("..", false)]
    public void A_rig_is_accepted_exactly_when_a_gt_uri_can_name_it(string rig, bool accepted)
    {
        GtUri.TryParse($"gt://steve@example.com/beads/{rig}/bd-1", out _).ShouldBe(accepted);
        if (accepted)
        {
            _registry.Add("beads", "https://example.invalid/beads.git", GtUri.Parse("gt://steve@example.com/beads"), rig: rig).Rig.ShouldBe(rig);
        }
        else
        {
            Should.Throw<InvalidRemoteException>(
                () => _registry.Add("beads", "https://example.invalid/beads.git", GtUri.Parse("gt://steve@example.com/beads"), rig: rig)).Field.ShouldBe("rig");
        }
    }

    [Fact]
    public void A_default_uri_is_refused()
    {
        Should.Throw<InvalidRemoteException>(
            () => _registry.Add("acme", "https://example.invalid/a.git", default)).Field.ShouldBe("chain");
    }

    [Theory]
    [InlineData("../beads")]
    [InlineData("be/ads")]
    [InlineData("")]
    public void Bad_rig_names_are_refused(string rig)
    {
        Should.Throw<InvalidRemoteException>(
            () => _registry.Add("beads", "https://example.invalid/a.git", GtUri.Parse("gt://steve@example.com/beads"), rig)).Field.ShouldBe("rig");
    }

    [Fact]
    public void Nothing_is_written_when_validation_fails()
    {
        Should.Throw<InvalidRemoteException>(() => _registry.Add("origin", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering")));

        _repository.EnsureCreated();
        GitCli.Run(_repository.Path, "remote").Trim().ShouldBeEmpty();
    }

    [Fact]
    public void TryFindByChain_accepts_a_work_unit_uri()
    {
        _registry.Add("acme", "https://example.invalid/a.git", GtUri.Parse("gt://acme.com/engineering"));

        _registry.TryFindByChain(GtUri.Parse("gt://acme.com/engineering/backend/ac-1"), out var remote).ShouldBeTrue();
        remote!.Name.ShouldBe("acme");
        _registry.TryFindByChain(GtUri.Parse("gt://acme.com/sales"), out _).ShouldBeFalse();
    }

    [Fact]
    public void A_work_unit_uri_given_as_the_chain_is_refused_in_words()
    {
        var error = Should.Throw<InvalidRemoteException>(() => _registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering/ac-123")));

        error.Field.ShouldBe("chain");
        error.Message.ShouldContain("names a work unit, not a chain");
    }

    [Fact]
    public void A_chain_remote_named_as_a_push_target_is_refused_saying_it_is_a_push_target()
    {
        _registry.AddPushTarget("hosting", "https://example.invalid/mine.git");

        var error = Should.Throw<RemoteAlreadyExistsException>(() => _registry.Add("hosting", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering")));

        error.Message.ShouldContain("'hosting' is already a push target of the federation repository");
        error.Message.ShouldContain("not a chain remote");
    }
}
