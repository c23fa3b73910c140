using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>Bad input, missing things and failing remotes end with the documented exit code, a message on stderr, and no change on disk.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-exit");

    private string Town => _temp.Combine("town");

    private void Init()
    {
        var run = GtFedProcess.Run("init", "--town", Town, "--owner", "alice@example.com", "--name", "town");
        run.ExitCode.ShouldBe(0, run.ToString());
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    private static void ShouldBeUnchanged(Dictionary<string, byte[]> before, string folder)
    {
        var after = Snapshot(folder);
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (path, bytes) in before)
        {
            after[path].ShouldBe(bytes, $"{path} changed");
        }
    }

    [Fact]
    public void Init_writes_an_upstream_town_json_and_refuses_to_overwrite_it()
    {
        Init();
        var townJson = File.ReadAllText(Path.Combine(Town, "mayor", "town.json"));
        townJson.ShouldStartWith("{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"town\",\n  \"owner\": \"alice@example.com\"");
        townJson.ShouldNotEndWith("\n");

        var before = Snapshot(Town);
        var again = GtFedProcess.Run("init", "--town", Town, "--owner", "bob@example.com", "--name", "other");
        again.ExitCode.ShouldBe(2);
        again.StandardError.ShouldContain("already exists");
        ShouldBeUnchanged(before, Town);
    }

    [Fact]
    public void A_town_whose_town_json_gives_it_no_chain_says_its_own_work_is_left_out_of_each_answer()
    {
        // The SDK then knows no local chain: a query answered without the town's work, looking whole (0 work units, exit
        // 0), and `show ID` said there was "no local town" to resolve it against.
        Init();
        GtFedProcess.Run("rig", "add", "web", "--prefix", "wb", "--town", Town).ExitCode.ShouldBe(0);
        var created = GtFedProcess.Run("create", "--rig", "web", "--title", "first work", "--actor", "alice", "--town", Town);
        created.ExitCode.ShouldBe(0, created.ToString());
        var id = created.StandardOutput.Trim();
        var townJson = Path.Combine(Town, "mayor", "town.json");
        File.WriteAllText(townJson, File.ReadAllText(townJson).Replace("\"name\": \"town\"", "\"name\": \"../x\"", StringComparison.Ordinal));

        foreach (var query in new[] { new[] { "list", "--ready" }, ["search", "first"], ["index"], ["changes"], ["audit", "--actor", "*"] })
        {
            var run = GtFedProcess.Run([.. query, "--town", Town]);
            run.ExitCode.ShouldBe(0, run.ToString());
            run.StandardError.ShouldContain("this town's own work is left out of the answer", customMessage: run.ToString());
            run.StandardError.ShouldContain("its \"name\" ('../x')", customMessage: run.ToString());
        }

        var show = GtFedProcess.Run("show", id, "--town", Town);
        show.ExitCode.ShouldBe(2, show.ToString());
        show.StandardError.ShouldContain("has no gt:// chain: its \"name\" ('../x')", customMessage: show.ToString());
        show.StandardError.ShouldNotContain("no local town");
    }

    [Theory]
    [InlineData("Required argument missing for option: '--remote'", "list", "--remote")]
    [InlineData("Required argument missing for option: '--org'", "list", "--org")]
    [InlineData("Required argument missing for option: '--project'", "list", "--project")]
    [InlineData("Required argument missing for option: '--status'", "list", "--ready", "--status")]
    [InlineData("Required argument missing for option: '--remote'", "search", "x", "--remote")]
    [InlineData("Give at most one of --remote NAME and --org ENTITY.", "search", "x", "--remote", "alice", "--org")]
    public void An_option_given_without_its_value_is_bad_input_not_a_crash(string says, params string[] args)
    {
        // The commands' validators read these options' values: one given bare threw from the validator, and the process
        // ended with "Unhandled exception", a stack trace and exit 134; with --json, nothing on standard output at all.
        Init();
        foreach (var json in new[] { false, true })
        {
            // The bare option last, as a person types it: anything after it would be taken for its value.
            var run = GtFedProcess.Run([args[0], "--town", Town, .. (json ? new[] { "--json" } : []), .. args[1..]]);

            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldNotContain("Unhandled exception", Case.Sensitive, run.ToString());
            run.StandardError.ShouldNotContain("   at ", Case.Sensitive, run.ToString());
            (json ? run.Json().GetProperty("error").GetProperty("message").GetString()! : run.StandardError).ShouldContain(says, Case.Sensitive, run.ToString());
        }
    }

    [Theory]
    [InlineData("--title needs a value; '--json' is an option.", "create", "--rig", "gastown", "--actor", "me", "--title", "--json")]
    [InlineData("--title needs a value; '-h' is an option.", "create", "--rig", "gastown", "--actor", "me", "--title", "-h")]
    [InlineData("--actor needs a value; '--json' is an option.", "audit", "--actor", "--json")]
    [InlineData("--actor needs a value; '--town' is an option.", "audit", "--actor")]
    public void An_option_followed_by_another_option_is_bad_input_naming_the_one_without_its_value(string says, params string[] args)
    {
        // System.CommandLine took the next option as the value: create wrote a unit titled "--json" (exit 0), audit searched
        // for the actor "--json" ("Nothing matched", exit 0), and audit --actor --town X failed on X ("Unrecognized ... 'X'").
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var before = Snapshot(Town);

        var run = GtFedProcess.Run([.. args, "--town", Town]);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain($"gtfed: {says}", Case.Sensitive, run.ToString());
        ShouldBeUnchanged(before, Town);
        if (args.Contains("--json"))
        {
            run.Json().GetProperty("error").GetProperty("message").GetString().ShouldBe(says);
        }
    }

    [Fact]
    public void A_value_that_only_starts_with_a_dash_is_still_a_value()
    {
        // Only another option's name is refused as a value: a title or a number may start with '-'.
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);

        var created = GtFedProcess.Run("create", "--rig", "gastown", "--actor", "me", "--title", "-1 priority", "--json", "--town", Town);
        created.ExitCode.ShouldBe(0, created.ToString());
        created.Json().GetProperty("title").GetString().ShouldBe("-1 priority");

        var limit = GtFedProcess.Run("list", "--ready", "--limit", "-1", "--town", Town);
        limit.ExitCode.ShouldBe(2, limit.ToString());
        limit.StandardError.ShouldContain("--limit must be between 1 and 10000; it is -1.", Case.Sensitive, limit.ToString());
    }

    [Fact]
    public void A_search_for_a_status_no_unit_can_have_is_bad_input_as_list_says_it()
    {
        // It answered "search: 0 work units", exit 0: a typo looked like no match.
        Init();
        foreach (var scope in new[] { Array.Empty<string>(), ["--org", "acme.com"] })
        {
            var run = GtFedProcess.Run(["search", "anything", "--status", "bogus", .. scope, "--town", Town]);

            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain("--status 'bogus' is not a status; use one of open, in_progress", Case.Sensitive, run.ToString());
        }
    }

    [Fact]
    public void An_assignee_with_a_control_character_is_refused_as_a_title_with_one_is()
    {
        // It was written into the line ("assignee":"a\u0007b"), for every reader to show.
        Init();
        GtFedProcess.Run("rig", "add", "main", "--prefix", "mn", "--town", Town).ExitCode.ShouldBe(0);
        var before = Snapshot(Town);

        var created = GtFedProcess.Run("create", "--title", "ok", "--rig", "main", "--actor", "me", "--assignee", "a\u0007b", "--town", Town);

        created.ExitCode.ShouldBe(2, created.ToString());
        created.StandardError.ShouldContain("The assignee holds a control character", Case.Sensitive, created.ToString());
        ShouldBeUnchanged(before, Town);
    }

    [Fact]
    public void Init_over_a_file_is_bad_input_saying_it_is_a_file()
    {
        // It failed as the folder's creation met the file: "The file ... already exists", exit 3, as if the disk were at fault.
        var file = _temp.Combine("town-file");
        File.WriteAllText(file, "not a folder");

        var run = GtFedProcess.Run("init", "--town", file, "--owner", "q@example.com", "--name", "town");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain($"{file} is a file, not a folder; nothing was changed.");
        File.ReadAllText(file).ShouldBe("not a folder");
    }

    [Fact]
    public void Init_inside_another_town_is_refused_and_writes_nothing()
    {
        // It made a town in the outer town's rig folder: commands run there then found the new, empty town (create said
        // "The town has no rigs yet"), and the rig's .beads took the new town's routes file.
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var rig = Path.Combine(Town, "gastown");
        var before = Snapshot(Town);

        foreach (var target in new[] { rig, rig + Path.DirectorySeparatorChar, Path.Combine(rig, "not-yet") })
        {
            var run = GtFedProcess.Run("init", "--town", target, "--owner", "q@example.com", "--name", "nested");
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain($"is inside the town at {Town}");
            run.StandardError.ShouldContain("gtfed rig add");
        }

        var here = GtFedProcess.Run(rig, (IReadOnlyDictionary<string, string?>?)null, "init", "--owner", "q@example.com", "--name", "nested");
        here.ExitCode.ShouldBe(2, here.ToString());
        ShouldBeUnchanged(before, Town);

        // A seed town (its .town.json, no mayor/town.json) is a town already, not one this folder is inside.
        var seed = TownBuilder.At(_temp.Combine("seed")).Named("seed").OwnedBy("alice@example.com").WithSeedTownJson().Build().Root;
        var again = GtFedProcess.Run("init", "--town", seed, "--owner", "q@example.com", "--name", "other");
        again.ExitCode.ShouldBe(2, again.ToString());
        again.StandardError.ShouldContain($"A town already exists at {seed} (.town.json)");
    }

    [Fact]
    public void A_change_to_a_town_this_process_may_not_write_is_an_io_failure_that_says_so_and_writes_nothing()
    {
        // It was .NET's raw exception with the network hint ("Check the remote's URL and your network").
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var before = Snapshot(Town);
        using (var mount = ReadOnlyMount.TryBind(Town))
        {
            if (mount is null)
            {
                Assert.Skip("Bind-mounting a folder read-only needs root (mount --bind, remount ro); this process may not.");
            }

            var run = GtFedProcess.Run("create", "--title", "x", "--rig", "gastown", "--actor", "gastown/crew/joe", "--town", Town);
            run.ExitCode.ShouldBe(3, run.ToString());
            run.StandardError.ShouldContain($"This process may not write {Path.Combine(Town, ".beads", "gtfed-write.lock")}");
            run.StandardError.ShouldContain("Make it writable for this user, or run as the town's owner. Nothing was changed.");
            run.StandardError.ShouldNotContain("network");
        }

        ShouldBeUnchanged(before, Town);
    }

    [Fact]
    public void A_missing_town_is_bad_input_with_what_to_do()
    {
        var run = GtFedProcess.Run("remote", "list", "--town", _temp.Combine("nowhere"));
        run.ExitCode.ShouldBe(2);
        run.StandardOutput.ShouldBeEmpty();
        run.StandardError.ShouldContain("gtfed init");
    }

    [Fact]
    public void A_town_option_naming_a_folder_inside_a_town_names_the_town_to_pass_instead_of_init()
    {
        // It said "No town at ...: create one with 'gtfed init --town ...'", and init then refused: the folder is inside a town.
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var rig = Path.Combine(Town, "gastown");

        foreach (var inside in new[] { rig, rig + Path.DirectorySeparatorChar, Path.Combine(rig, "not-yet") })
        {
            var run = GtFedProcess.Run("list", "--ready", "--town", inside);

            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain($"gtfed: {Path.TrimEndingDirectorySeparator(inside)} is inside the town at {Town}; pass --town {Town}.", Case.Sensitive, run.ToString());
            run.StandardError.ShouldNotContain("gtfed init", Case.Sensitive, run.ToString());
        }
    }

    [Fact]
    public void No_town_found_walking_up_is_bad_input()
    {
        var run = GtFedProcess.Run(_temp.Path, (IReadOnlyDictionary<string, string?>?)null, "list", "--ready");
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("No town found");
    }

    [Fact]
    public void A_malformed_uri_is_bad_input_and_registers_nothing()
    {
        Init();
        var before = Snapshot(Town);
        var run = GtFedProcess.Run("remote", "add", "acme", "gt://acme.com/eng/../x", "--url", _temp.Path, "--town", Town);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("position");
        ShouldBeUnchanged(before, Town);
    }

    [Theory]
    [InlineData("list", "--ready")]
    [InlineData("show", "gt-1")]
    [InlineData("dependents", "gt-1")]
    [InlineData("audit", "--actor", "*")]
    public void A_timeout_without_fetch_is_bad_input_saying_it_goes_with_fetch(params string[] query)
    {
        // It was ignored: the query never fetches, so the timeout timed nothing.
        Init();

        var run = GtFedProcess.Run([.. query, "--timeout", "5s", "--town", Town]);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("--timeout goes with --fetch");
    }

    public static TheoryData<string[], string> BadNumbers => new()
    {
        // list and audit check --limit in a validator, which once read the unparsed value and crashed (exit 134, a stack trace).
        { ["list", "--ready", "--limit", "abc"], "--limit takes a whole number; 'abc' is not one." },
        { ["audit", "--actor", "x", "--limit", "abc"], "--limit takes a whole number; 'abc' is not one." },
        { ["list", "--ready", "--limit", "99999999999"], "--limit must be between 1 and 10000; it is 99999999999." },
        { ["search", "x", "--limit", "abc"], "--limit takes a whole number; 'abc' is not one." },
        { ["changes", "--limit", "0"], "--limit must be between 1 and 10000; it is 0." },
        { ["create", "--title", "t", "--priority", "high"], "--priority takes a whole number; 'high' is not one." },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void A_number_that_is_not_one_is_bad_input_naming_the_option_with_no_stack_trace(string[] args, string message)
    {
        Init();
        var run = GtFedProcess.Run([.. args, "--town", Town]);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain(message);
        run.StandardError.ShouldNotContain("System.");
        run.StandardOutput.ShouldBeEmpty();

        var json = GtFedProcess.Run([.. args, "--town", Town, "--json"]);
        json.ExitCode.ShouldBe(2, json.ToString());
        var error = json.Json().GetProperty("error");
        error.GetProperty("kind").GetString().ShouldBe("invalid_input");
        error.GetProperty("message").GetString().ShouldBe(message);
    }

    [Fact]
    public void The_version_is_printed_as_json_when_asked_for_with_json_in_either_order()
    {
        var plain = GtFedProcess.Run("--version");
        plain.ExitCode.ShouldBe(0, plain.ToString());
        var version = plain.StandardOutput.Trim();
        version.ShouldNotBeEmpty();

        foreach (var args in new[] { new[] { "--version", "--json" }, ["--json", "--version"] })
        {
            var run = GtFedProcess.Run(args);
            run.ExitCode.ShouldBe(0, run.ToString());
            run.StandardError.ShouldBeEmpty();
            run.Json().GetProperty("version").GetString().ShouldBe(version);
        }

        // --version beside anything else is still a usage error, as System.CommandLine says.
        GtFedProcess.Run("--version", "--town", _temp.Path).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void A_remote_named_in_another_case_is_not_found_and_the_message_names_the_registered_one()
    {
        Init();
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", _temp.Combine("bob.git"));
        GtFedProcess.Run("remote", "add", "Bob", "gt://bob@example.com/b", "--url", _temp.Combine("bob.git"), "--town", Town).ExitCode.ShouldBe(0);

        // `remote add bob` is refused because Bob exists; every command naming bob said only that no bob was registered.
        foreach (var args in new[] { new[] { "fetch", "bob" }, ["remote", "remove", "bob"], ["list", "--remote", "bob"], ["search", "x", "--remote", "bob"] })
        {
            var run = GtFedProcess.Run([.. args, "--town", Town]);
            run.ExitCode.ShouldBe(1, run.ToString());
            run.StandardError.ShouldContain("remote names are case-sensitive, and 'Bob' is registered", Case.Sensitive, run.ToString());
            run.StandardError.ShouldNotContain("Register it");
        }

        GtFedProcess.Run("remote", "list", "--town", Town).StandardOutput.ShouldStartWith("Bob ");
    }

    [Fact]
    public void An_index_that_cannot_be_written_is_a_failure_naming_it_not_a_bug_and_queries_that_can_load_still_answer()
    {
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--rig", "gastown", "--title", "Fix the login", "--actor", "mayor", "--town", Town).ExitCode.ShouldBe(0);
        // A folder where index.db should be: no user, root included, can open it as a database.
        Directory.CreateDirectory(Path.Combine(Town, "federation", "index.db"));

        foreach (var args in new[] { new[] { "search", "login" }, ["changes"], ["index"] })
        {
            var run = GtFedProcess.Run([.. args, "--town", Town]);
            run.ExitCode.ShouldBe(3, run.ToString());
            run.StandardError.ShouldContain("is a folder, where the index's file should be", Case.Sensitive, run.ToString());
            run.StandardError.ShouldContain("not a remote", Case.Sensitive, run.ToString());
            run.StandardError.ShouldNotContain("bug");
        }

        var ready = GtFedProcess.Run("list", "--ready", "--town", Town);
        ready.ExitCode.ShouldBe(0, ready.ToString());
        ready.StandardOutput.ShouldContain("Fix the login");
    }

    [Fact]
    public void A_local_url_that_is_no_git_repository_is_refused_when_added_as_a_path_or_a_file_url()
    {
        Init();
        var other = _temp.Combine("other");
        GtFedProcess.Run("init", "--town", other, "--owner", "bob@example.com", "--name", "other").ExitCode.ShouldBe(0);
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", _temp.Combine("bob.git"));
        var before = Snapshot(Town);

        foreach (var (url, says) in new[]
        {
            (_temp.Combine("nowhere"), "is not a git repository"),
            ("file://" + _temp.Combine("nowhere"), "is not a git repository"),
            (other, "is a town folder, not its git repository"),
            ("file://" + other, "is a town folder, not its git repository"),
            ("file://server" + _temp.Combine("bob.git"), "is not a file URL of a folder on this machine"),
        })
        {
            var run = GtFedProcess.Run("remote", "add", "b", "gt://b@example.com/b", "--url", url, "--town", Town);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain(says, Case.Sensitive, run.ToString());
        }

        ShouldBeUnchanged(before, Town);
        var good = GtFedProcess.Run("remote", "add", "b", "gt://b@example.com/b", "--url", "file://" + _temp.Combine("bob.git"), "--town", Town);
        good.ExitCode.ShouldBe(0, good.ToString());
    }

    [Fact]
    public void An_scp_like_url_without_a_user_is_registered_as_a_network_url_and_a_path_holding_a_colon_is_refused_with_its_file_url()
    {
        Init();
        // host:path is git's scp-like ssh syntax (read as the fetch reads it): not probed as a local folder, which refused it.
        var scp = GtFedProcess.Run("remote", "add", "b", "gt://b@example.com/b", "--url", "git.example.com:towns/b.git", "--town", Town);
        scp.ExitCode.ShouldBe(0, scp.ToString());
        scp.StandardOutput.ShouldContain("at git.example.com:towns/b.git");

        var odd = _temp.Combine("towns:v2");
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", odd);
        var colon = GtFedProcess.Run("remote", "add", "c", "gt://c@example.com/c", "--url", odd, "--town", Town);
        colon.ExitCode.ShouldBe(2, colon.ToString());
        colon.StandardError.ShouldContain("file://" + odd, Case.Sensitive, colon.ToString());
        GtFedProcess.Run("remote", "add", "c", "gt://c@example.com/c", "--url", "file://" + odd, "--town", Town).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Listing_a_remote_never_fetched_is_a_failure_that_says_to_fetch_it_not_an_empty_list()
    {
        Init();
        // A network URL is not probed when added: the remote is registered and never fetched.
        GtFedProcess.Run("remote", "add", "b", "gt://b@example.com/b", "--url", "git://127.0.0.1:9/nowhere", "--town", Town).ExitCode.ShouldBe(0);

        foreach (var paging in (string[][])[[], ["--limit", "5"]])
        {
            var run = GtFedProcess.Run(["list", "--remote", "b", .. paging, "--town", Town]);
            run.ExitCode.ShouldBe(3, run.ToString());
            run.StandardOutput.ShouldBeEmpty();
            run.StandardError.ShouldContain("never fetched");
            run.StandardError.ShouldContain("gtfed fetch b");

            var json = GtFedProcess.Run(["list", "--remote", "b", .. paging, "--town", Town, "--json"]);
            json.ExitCode.ShouldBe(3, json.ToString());
            json.Json().GetProperty("error").GetProperty("kind").GetString().ShouldBe("remote_failure");
        }
    }

    [Fact]
    public void Listing_a_remote_fetched_with_nothing_published_says_so_not_that_it_was_never_fetched()
    {
        Init();
        var empty = _temp.Combine("empty.git");
        Directory.CreateDirectory(empty);
        GitCli.Run(empty, "init", "--quiet", "--bare");
        GtFedProcess.Run("remote", "add", "b", "gt://b@example.com/b", "--url", empty, "--town", Town).ExitCode.ShouldBe(0);
        var fetch = GtFedProcess.Run("fetch", "b", "--town", Town);
        fetch.ExitCode.ShouldBe(0, fetch.ToString());
        fetch.StandardOutput.ShouldContain($"Fetched b ({empty}): it publishes nothing to read yet. Once its owner has published");
        fetch.StandardOutput.ShouldNotContain("refs updated");
        GtFedProcess.Run("fetch", "b", "--json", "--town", Town).StandardOutput.ShouldContain("\"nothing_published\": true");

        var run = GtFedProcess.Run("list", "--remote", "b", "--town", Town);
        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldContain("was fetched (");
        run.StandardError.ShouldContain("has no branch to read (gt/published)");
        run.StandardError.ShouldNotContain("never fetched");
        run.StandardError.ShouldContain("Once its owner has published");
        GtFedProcess.Run("index", "--town", Town).StandardOutput.ShouldContain("was fetched but has no branch to read");

        // show and a project listing of one of its units said "Fetch it with 'gtfed fetch NAME'", which changes nothing.
        foreach (var command in new[] { "show", "list --project" })
        {
            var shown = GtFedProcess.Run([.. command.Split(' '), "gt://b@example.com/b/app/ap-1", "--town", Town]);
            shown.ExitCode.ShouldBe(3, shown.ToString());
            shown.StandardError.ShouldContain("was fetched (");
            shown.StandardError.ShouldContain("Once its owner has published ('gtfed publish' in their town), fetch it again: gtfed fetch b.");
            shown.StandardError.ShouldNotContain("Fetch it with");
        }
    }

    [Fact]
    public void A_bad_change_feed_token_says_where_a_good_one_comes_from()
    {
        Init();
        var run = GtFedProcess.Run("changes", "--since", "junk", "--town", Town);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("the change feed; pass the resume token an earlier read of the feed returned");
        run.StandardError.ShouldNotContain("'next'");
    }

    [Fact]
    public void A_town_file_that_cannot_be_read_is_reported_as_such_not_as_a_network_problem()
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "pipes are refused before they are opened on Linux only");
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var id = GtFedProcess.Run("create", "--title", "Work", "--rig", "gastown", "--actor", "mayor", "--town", Town).StandardOutput.Trim();
        NamedPipes.Create(Path.Combine(Town, "gastown", ".beads", "issues.jsonl"));

        var run = GtFedProcess.Run("show", id, "--town", Town);

        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldContain("is not a regular file");
        run.StandardError.ShouldContain("fix or restore it");
        run.StandardError.ShouldNotContain("network");
    }

    [Fact]
    public void Publishing_to_a_chain_remote_is_refused_and_says_to_use_a_push_target()
    {
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--title", "Work", "--rig", "gastown", "--actor", "mayor", "--town", Town).ExitCode.ShouldBe(0);
        var bob = _temp.Combine("bob.git");
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", bob);
        GtFedProcess.Run("remote", "add", "bob", "gt://bob@example.com/bob", "--url", bob, "--town", Town).ExitCode.ShouldBe(0);

        var run = GtFedProcess.Run("publish", "--rig", "gastown", "--push", "bob", "--actor", "mayor", "--town", Town);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("is the chain remote this town fetches gt://bob@example.com/bob from");
        run.StandardError.ShouldContain("as a push target");
        GitCli.Run(bob, "for-each-ref").Trim().ShouldBeEmpty();
    }

    [Fact]
    public void Publishing_to_a_push_target_no_remote_names_publishes_nothing_and_says_to_add_one()
    {
        // The branch moved before the push failed, and the advice was 'gtfed remote add' (a chain remote).
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--title", "Work", "--rig", "gastown", "--actor", "mayor", "--town", Town).ExitCode.ShouldBe(0);

        var run = GtFedProcess.Run("publish", "--rig", "gastown", "--push", "nope", "--actor", "mayor", "--town", Town);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StandardError.ShouldContain("No remote named 'nope' is registered in this town to push to; nothing was published.");
        run.StandardError.ShouldContain("gtfed remote push-target NAME --url GIT-URL");
        run.StandardError.ShouldNotContain("gtfed remote add");
        var git = Path.Combine(Town, "federation", "git");
        (Directory.Exists(git) ? GitCli.Run(git, "for-each-ref", "refs/heads").Trim() : "").ShouldBeEmpty(); // no published branch
    }

    [Fact]
    public void A_push_target_is_listed_and_removed_and_a_mistyped_path_is_refused_before_it_is_added()
    {
        // Before, a push target could be added (even at a path with no repository) but neither listed nor removed.
        Init();
        var typo = GtFedProcess.Run("remote", "push-target", "backup", "--url", _temp.Combine("bakup.git"), "--town", Town);
        typo.ExitCode.ShouldBe(2, typo.ToString());
        typo.StandardError.ShouldContain("is not a git repository");
        typo.StandardError.ShouldContain("git init --bare");

        var backup = _temp.Combine("backup.git");
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", backup);
        GtFedProcess.Run("remote", "push-target", "backup", "--url", backup, "--town", Town).ExitCode.ShouldBe(0);

        var human = GtFedProcess.Run("remote", "list", "--town", Town);
        human.StandardOutput.ShouldContain("push targets (gtfed publish --push NAME):", Case.Sensitive, human.ToString());
        human.StandardOutput.ShouldContain($"backup       {backup}", Case.Sensitive, human.ToString());
        var json = GtFedProcess.Run("remote", "list", "--town", Town, "--json").Json();
        json.GetProperty("count").GetInt32().ShouldBe(0);
        var target = json.GetProperty("push_targets").EnumerateArray().ShouldHaveSingleItem();
        target.GetProperty("name").GetString().ShouldBe("backup");
        target.GetProperty("url").GetString().ShouldBe(backup);

        var removed = GtFedProcess.Run("remote", "remove", "backup", "--town", Town);
        removed.ExitCode.ShouldBe(0, removed.ToString());
        removed.StandardOutput.ShouldContain("Removed push target backup.");
        GtFedProcess.Run("remote", "list", "--town", Town, "--json").Json().GetProperty("push_targets").GetArrayLength().ShouldBe(0);
        GtFedProcess.Run("remote", "push-target", "backup", "--url", backup, "--town", Town).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_push_to_a_target_that_is_not_there_says_what_to_fix_and_nothing_of_fetching()
    {
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--title", "Work", "--rig", "gastown", "--actor", "mayor", "--town", Town).ExitCode.ShouldBe(0);
        // A target that was there when it was added, and is gone since (push-target refuses a path with no repository).
        var gone = _temp.Combine("missing.git");
        GitCli.Run(_temp.Path, "init", "--bare", "--quiet", gone);
        GtFedProcess.Run("remote", "push-target", "backup", "--url", gone, "--town", Town).ExitCode.ShouldBe(0);
        Directory.Delete(gone, recursive: true);

        var run = GtFedProcess.Run("publish", "--rig", "gastown", "--push", "backup", "--actor", "mayor", "--town", Town);

        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldContain("missing.git");
        run.StandardError.ShouldContain("then run the same publish again");
        run.StandardError.ShouldNotContain("gtfed fetch", Case.Sensitive, run.ToString());
    }

    [Fact]
    public void A_rig_whose_name_differs_from_another_only_in_case_is_refused_when_added_not_at_publish()
    {
        // rig add Proj was added beside proj, and then every publish of the town stopped on the pair, with no rig remove.
        Init();
        GtFedProcess.Run("rig", "add", "proj", "--prefix", "pl", "--town", Town).ExitCode.ShouldBe(0);
        var before = Snapshot(Town);

        var run = GtFedProcess.Run("rig", "add", "Proj", "--prefix", "pq", "--town", Town);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("differ only in case", customMessage: run.ToString());
        run.StandardError.ShouldContain("'proj'", customMessage: run.ToString());
        ShouldBeUnchanged(before, Town);
    }

    [Fact]
    public void Update_close_and_dep_take_the_short_forms_show_takes_and_a_malformed_gt_uri_is_bad_input()
    {
        // update proj/pl-5vz was "No rig of this town routes 'proj/pl-5vz'" (exit 1) while show proj/pl-5vz showed it, and
        // gt:/alice@… (one slash) got the same message and exit instead of saying it is no gt:// URI.
        Init();
        GtFedProcess.Run("rig", "add", "proj", "--prefix", "pl", "--town", Town).ExitCode.ShouldBe(0);
        var first = GtFedProcess.Run("create", "--rig", "proj", "--title", "first", "--actor", "alice", "--town", Town).StandardOutput.Trim();
        var second = GtFedProcess.Run("create", "--rig", "proj", "--title", "second", "--actor", "alice", "--town", Town).StandardOutput.Trim();
        GtFedProcess.Run("show", $"proj/{first}", "--town", Town).ExitCode.ShouldBe(0);

        foreach (var args in new[]
        {
            new[] { "update", $"proj/{first}", "--priority", "1" },
            ["dep", "add", $"proj/{first}", $"proj/{second}", "--actor", "alice"],
            ["close", $"proj/{second}"],
        })
        {
            var run = GtFedProcess.Run([.. args, "--town", Town]);
            run.ExitCode.ShouldBe(0, run.ToString());
        }

        var shown = GtFedProcess.Run("show", first, "--json", "--town", Town);
        shown.StandardOutput.ShouldContain("\"priority\": 1", customMessage: shown.ToString());
        var before = Snapshot(Town);
        foreach (var args in new[]
        {
            new[] { "update", $"gt:/alice@example.com/town/proj/{first}", "--priority", "2" },
            ["close", $"gt:/alice@example.com/town/proj/{first}"],
        })
        {
            var run = GtFedProcess.Run([.. args, "--town", Town]);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain("not a gt:// URI", customMessage: run.ToString());
            run.StandardError.ShouldNotContain("No rig", customMessage: run.ToString());
        }

        ShouldBeUnchanged(before, Town);
    }

    [Fact]
    public void A_work_unit_delegating_to_itself_is_bad_input_and_writes_nothing()
    {
        Init();
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", Town).ExitCode.ShouldBe(0);
        var id = GtFedProcess.Run("create", "--title", "Work", "--rig", "gastown", "--actor", "mayor", "--town", Town).StandardOutput.Trim();

        var run = GtFedProcess.Run("relate", "delegate", id, id, "--town", Town);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("cannot delegate to itself");
        run.StandardError.ShouldNotContain("Parameter");
        File.Exists(Path.Combine(Town, "federation", "relationships.jsonl")).ShouldBeFalse();
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        GtFedProcess.Run("list", "--town", _temp.Path).ExitCode.ShouldBe(2);
        GtFedProcess.Run("frobnicate").ExitCode.ShouldBe(2);
        GtFedProcess.Run("list", "--remote", "a", "--org", "b.com").ExitCode.ShouldBe(2);
    }

    public static TheoryData<string[], string> HelpHints => new()
    {
        // The SDK's bad input, an argument gtfed passed on, and System.CommandLine's own usage errors: each names its command's help.
        { ["show", "gt://bad"], "Run 'gtfed show --help' for the accepted forms." },
        { ["search", ""], "Run 'gtfed search --help' for the accepted forms." },
        { ["list", "--ready", "--after", "garbage"], "Run 'gtfed list --help' for the accepted forms." },
        { ["remote", "add"], "Run 'gtfed remote add --help' for usage." },
        { ["frobnicate"], "Run 'gtfed --help' for usage." },
    };

    [Theory]
    [MemberData(nameof(HelpHints))]
    public void A_hint_to_read_the_help_names_the_command_that_ran(string[] args, string hint)
    {
        Init();
        var run = GtFedProcess.Run([.. args, "--town", Town]);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain($"\n  {hint}", Case.Sensitive, run.ToString());
        run.StandardError.ShouldNotContain("<command>");
    }

    [Fact]
    public void Demo_refuses_town_as_it_refuses_json_instead_of_ignoring_it()
    {
        var demo = _temp.Combine("demo");
        foreach (var args in new[] { new[] { "demo", "--town", Town, "--dir", demo }, ["--town", Town, "demo", "--dir", demo] })
        {
            var run = GtFedProcess.Run(args);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldContain("gtfed: demo does not take --town", Case.Sensitive, run.ToString());
            run.StandardError.ShouldContain("--dir DIR");
            run.StandardOutput.ShouldBeEmpty();
            Directory.Exists(demo).ShouldBeFalse(); // nothing was built
        }
    }

    [Fact]
    public void Fetching_a_town_with_no_remotes_succeeds_saying_there_was_nothing_to_fetch()
    {
        Init();
        var run = GtFedProcess.Run("fetch", "--town", Town);
        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldBeEmpty();
        run.StandardError.ShouldContain("No remotes to fetch: this town has registered none.", Case.Sensitive, run.ToString());

        // The document a fetch gives, of no fetches.
        var json = GtFedProcess.Run("fetch", "--town", Town, "--json");
        json.ExitCode.ShouldBe(0, json.ToString());
        var document = json.Json();
        document.GetProperty("count").GetInt32().ShouldBe(0);
        document.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        document.GetProperty("items").GetArrayLength().ShouldBe(0);
        json.StandardError.ShouldContain("No remotes to fetch");
    }

    [Fact]
    public void Help_is_there_for_every_command()
    {
        foreach (var command in new[] { "init", "remote", "fetch", "publish", "show", "list", "audit", "event", "relate", "demo" })
        {
            var run = GtFedProcess.Run(command, "--help");
            run.ExitCode.ShouldBe(0, run.ToString());
            run.StandardOutput.ShouldContain("Usage:");
        }
    }

    [Fact]
    public void An_unknown_remote_is_not_found()
    {
        Init();
        var run = GtFedProcess.Run("list", "--remote", "nobody", "--town", Town, "--json");
        run.ExitCode.ShouldBe(1, run.ToString());
        // No partial result on stdout: the one document there is the error object.
        run.Json().GetProperty("error").GetProperty("kind").GetString().ShouldBe("not_found");
        GtFedProcess.Run("fetch", "nobody", "--town", Town).ExitCode.ShouldBe(1);
    }

    [Fact]
    public void An_unknown_work_unit_is_not_found()
    {
        Init();
        var run = GtFedProcess.Run("show", "gt://alice@example.com/town/gastown/gt-nope", "--town", Town, "--json");
        run.ExitCode.ShouldBe(1, run.ToString());
        run.Json().GetProperty("error").GetProperty("kind").GetString().ShouldBe("not_found");

        // The town's own chain is read as it is now: a person is sent to find the id, not to fetch or to the remotes.
        var person = GtFedProcess.Run("show", "gt://alice@example.com/town/gastown/gt-nope", "--town", Town);
        person.ExitCode.ShouldBe(1, person.ToString());
        person.StandardError.ShouldBe(
            "gtfed: Chain gt://alice@example.com/town has no work unit 'gt-nope'. Check the id.\n" +
            "  'gtfed search WORDS' finds a work unit by the words of its title in every indexed chain; 'gtfed list --remote NAME' lists a remote's.\n",
            person.ToString());
    }

    [Fact]
    public void A_unit_of_a_remote_never_fetched_is_sent_to_a_fetch_not_to_the_network()
    {
        Init();
        var ghost = _temp.Combine("never-fetched");
        Directory.CreateDirectory(ghost);
        GitCli.Run(ghost, "init", "-q", "--bare");
        GtFedProcess.Run("remote", "add", "ghost", "gt://ghost.example/chain", "--url", ghost, "--town", Town).ExitCode.ShouldBe(0);

        var run = GtFedProcess.Run("show", "gt://ghost.example/chain/rig/gh-1", "--town", Town);

        // Nothing failed on the network, and no SDK call is named: the step, and the command that takes it, naming the remote
        // that serves the chain (it said 'gtfed fetch NAME' and sent the reader to remote list to find the name).
        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldBe(
            "gtfed: Chain gt://ghost.example/chain is registered but was never fetched, and this query does not go to the network unasked; fetch the remote first.\n" +
            "  Fetch it first: gtfed fetch ghost\n",
            run.ToString());
    }

    [Fact]
    public void An_unreachable_url_is_a_remote_failure_and_keeps_the_registration()
    {
        Init();
        // remote add refuses a URL that is no repository, so the repository goes away after it is registered.
        var ghost = _temp.Combine("no-such-repo");
        Directory.CreateDirectory(ghost);
        GitCli.Run(ghost, "init", "-q", "--bare");
        GtFedProcess.Run("remote", "add", "ghost", "gt://ghost.example/chain", "--url", ghost, "--town", Town).ExitCode.ShouldBe(0);
        Directory.Delete(ghost, recursive: true);
        var run = GtFedProcess.Run("fetch", "ghost", "--town", Town);
        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldContain("ghost");
        var list = GtFedProcess.Run("remote", "list", "--town", Town, "--json");
        list.Json().GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void Emitting_an_event_without_an_actor_is_refused_and_writes_nothing()
    {
        Init();
        var run = GtFedProcess.Run("event", "emit", "sling", "--town", Town);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("BD_ACTOR");
        File.Exists(Path.Combine(Town, ".events.jsonl")).ShouldBeFalse();
    }

    [Fact]
    public void Emitting_an_event_writes_upstreams_format()
    {
        Init();
        var run = GtFedProcess.Run(null, new Dictionary<string, string?> { ["BD_ACTOR"] = "gastown/crew/joe" },
            "event", "emit", "sling", "--payload", """{"target":"gastown/polecats/toast","bead":"gt-1"}""", "--town", Town);
        run.ExitCode.ShouldBe(0, run.ToString());
        var line = File.ReadAllText(Path.Combine(Town, ".events.jsonl"));
        line.ShouldMatch("""^\{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","source":"gt","type":"sling","actor":"gastown/crew/joe","payload":\{"bead":"gt-1","target":"gastown/polecats/toast"\},"visibility":"feed"\}\n$""");
    }

    [Fact]
    public void A_bad_payload_is_bad_input()
    {
        Init();
        var run = GtFedProcess.Run(null, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "event", "emit", "x", "--payload", "{nope", "--town", Town);
        run.ExitCode.ShouldBe(2, run.ToString());
        File.Exists(Path.Combine(Town, ".events.jsonl")).ShouldBeFalse();
    }

    public void Dispose() => _temp.Dispose();
}
