using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// The federation index through gtfed, as separate processes: list pages, search, the change feed and the index state.
/// Each test works on its own copy of the demo's acme town (its remotes point at the demo's other towns), so the
/// shared demo towns stay as the other tests expect them.
/// </summary>
[Collection(IndexDemoTownsCollection.Name)]
public sealed class IndexCommandTests(DemoTownsFixture towns) : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-index-e2e");

    [Fact]
    public void Walking_list_pages_gives_the_whole_list_once_in_the_same_order_with_next_absent_on_the_last_page()
    {
        var acme = CopyAcme();
        var whole = Items(GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json").Json());
        whole.Count.ShouldBeGreaterThan(2);

        var paged = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var args = new List<string> { "list", "--remote", "alice", "--town", acme, "--json", "--limit", "1" };
            if (after is not null)
            {
                args.AddRange(["--after", after]);
            }

            var run = GtFedProcess.Run([.. args]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            var json = run.Json();
            json.GetProperty("query").GetString().ShouldBe("remote");
            json.GetProperty("chain").GetString().ShouldBe("gt://alice@example.com/town");
            json.TryGetProperty("fetched_at", out _).ShouldBeTrue();
            json.GetProperty("count").GetInt32().ShouldBe(1);
            paged.AddRange(Items(json));
            after = json.TryGetProperty("next", out var next) ? next.GetString() : null;
            pages++;
        }
        while (after is not null);

        pages.ShouldBe(whole.Count);
        paged.ShouldBe(whole); // each item's whole JSON, in the same order as the direct list
        GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--after", "bogus").ExitCode.ShouldBe(2);
        GtFedProcess.Run("list", "--ready", "--town", acme, "--after", "bogus").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Walking_project_pages_gives_the_whole_project_list_once_in_order_with_next_absent_on_the_last_page()
    {
        var acme = CopyAcme();

        // Without delegated work the tree answers from the index; with it (the demo delegates) the loaded list is cut to pages.
        foreach (var delegated in new[] { false, true })
        {
            string[] selector = delegated ? ["--project", "pl-100", "--include-delegated"] : ["--project", "pl-100"];
            var whole = GtFedProcess.Run(["list", .. selector, "--town", acme, "--json"]);
            whole.ExitCode.ShouldBe(0, whole.StandardError);
            var wholeJson = whole.Json();
            var items = Items(wholeJson);
            items.Count.ShouldBeGreaterThan(2);
            wholeJson.TryGetProperty("next", out _).ShouldBeFalse();

            var paged = new List<string>();
            string? after = null;
            var pages = 0;
            do
            {
                List<string> args = ["list", .. selector, "--town", acme, "--json", "--limit", "2"];
                if (after is not null)
                {
                    args.AddRange(["--after", after]);
                }

                var run = GtFedProcess.Run([.. args]);
                run.ExitCode.ShouldBe(0, run.StandardError);
                var json = run.Json();
                json.GetProperty("query").GetString().ShouldBe("project");
                json.GetProperty("project").GetString().ShouldBe("gt://acme.com/projects/platform/pl-100");
                json.GetProperty("include_delegated").GetBoolean().ShouldBe(delegated);
                json.GetProperty("delegated_portions").GetInt32().ShouldBe(wholeJson.GetProperty("delegated_portions").GetInt32());
                json.GetProperty("count").GetInt32().ShouldBeLessThanOrEqualTo(2);
                paged.AddRange(Items(json));
                after = json.TryGetProperty("next", out var next) ? next.GetString() : null;
                pages++;
            }
            while (after is not null);

            pages.ShouldBe((items.Count + 1) / 2);
            paged.ShouldBe(items); // each item's whole JSON, in the same order as the whole list
        }

        var human = GtFedProcess.Run("list", "--project", "pl-100", "--town", acme, "--limit", "1");
        human.ExitCode.ShouldBe(0, human.StandardError);
        human.StandardOutput.ShouldContain("(more: --after ");
        GtFedProcess.Run("list", "--project", "pl-100", "--town", acme, "--after", "bogus").ExitCode.ShouldBe(2);
        GtFedProcess.Run("list", "--project", "pl-100", "--town", acme, "--limit", "0").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Walking_ready_pages_gives_the_whole_ready_list_once_in_order_with_next_absent_on_the_last_page()
    {
        var acme = CopyAcme();
        var whole = GtFedProcess.Run("list", "--ready", "--town", acme, "--json");
        whole.ExitCode.ShouldBe(0, whole.StandardError);
        var wholeJson = whole.Json();
        var items = Items(wholeJson);
        items.Count.ShouldBeGreaterThan(2);

        var paged = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var args = new List<string> { "list", "--ready", "--town", acme, "--json", "--limit", "2" };
            if (after is not null)
            {
                args.AddRange(["--after", after]);
            }

            var run = GtFedProcess.Run([.. args]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            var json = run.Json();
            json.GetProperty("query").GetString().ShouldBe("ready");
            json.TryGetProperty("blocked", out _).ShouldBeFalse(); // a page does not count unready work
            json.GetProperty("chains").GetArrayLength().ShouldBeGreaterThan(0);
            json.GetProperty("count").GetInt32().ShouldBe(Items(json).Count);
            paged.AddRange(Items(json));
            after = json.TryGetProperty("next", out var next) ? next.GetString() : null;
            if (after is not null)
            {
                json.GetProperty("count").GetInt32().ShouldBe(2);
            }

            pages++;
        }
        while (after is not null);

        pages.ShouldBe((items.Count + 1) / 2);
        paged.ShouldBe(items); // each item's whole JSON, in the same order as the whole ready list

        // With --status, the pages are the whole list's units of that status; a person sees where to continue.
        var open = Items(GtFedProcess.Run("list", "--ready", "--status", "open", "--town", acme, "--json").Json());
        var firstOpen = GtFedProcess.Run("list", "--ready", "--status", "open", "--limit", "1", "--town", acme, "--json").Json();
        Items(firstOpen).ShouldBe(open.Take(1));
        var human = GtFedProcess.Run("list", "--ready", "--limit", "1", "--town", acme);
        human.ExitCode.ShouldBe(0, human.StandardError);
        human.StandardOutput.ShouldContain("ready: 1 work units\n");
        human.StandardOutput.ShouldContain("\n(more: --after ");
        var bad = GtFedProcess.Run("list", "--ready", "--town", acme, "--after", "bogus");
        bad.ExitCode.ShouldBe(2);
        bad.StandardError.ShouldContain("ready-work list");
        GtFedProcess.Run("list", "--ready", "--town", acme, "--limit", "0").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Walking_org_pages_gives_the_whole_org_list_once_in_order_and_search_org_keeps_to_its_members()
    {
        var acme = CopyAcme();
        var whole = GtFedProcess.Run("list", "--org", "acme.com", "--town", acme, "--json");
        whole.ExitCode.ShouldBe(0, whole.StandardError);
        var wholeJson = whole.Json();
        var items = Items(wholeJson);
        items.Count.ShouldBeGreaterThan(2);
        var members = wholeJson.GetProperty("verified_members").GetRawText();

        var paged = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var args = new List<string> { "list", "--org", "acme.com", "--town", acme, "--json", "--limit", "2" };
            if (after is not null)
            {
                args.AddRange(["--after", after]);
            }

            var run = GtFedProcess.Run([.. args]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            var json = run.Json();
            json.GetProperty("query").GetString().ShouldBe("org");
            json.GetProperty("verified_members").GetRawText().ShouldBe(members);
            json.GetProperty("unverified_claims").GetRawText().ShouldBe(wholeJson.GetProperty("unverified_claims").GetRawText());
            json.GetProperty("count").GetInt32().ShouldBeLessThanOrEqualTo(2);
            paged.AddRange(Items(json));
            after = json.TryGetProperty("next", out var next) ? next.GetString() : null;
            pages++;
        }
        while (after is not null);

        pages.ShouldBe((items.Count + 1) / 2);
        paged.ShouldBe(items); // each item's whole JSON, in the same order as the whole list
        GtFedProcess.Run("list", "--org", "acme.com", "--town", acme, "--after", "bogus").ExitCode.ShouldBe(2);

        var search = GtFedProcess.Run("search", "query service", "--org", "acme.com", "--town", acme, "--json");
        search.ExitCode.ShouldBe(0, search.StandardError);
        var found = search.Json();
        found.GetProperty("query").GetString().ShouldBe("search");
        found.GetProperty("verified_members").GetRawText().ShouldBe(members);
        var uris = found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uri").GetString()).ToList();
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");
        var orgUris = wholeJson.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uri").GetString()).ToHashSet();
        uris.ShouldAllBe(u => orgUris.Contains(u));
        var everywhere = GtFedProcess.Run("search", "query service", "--town", acme, "--json").Json().GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("uri").GetString()).ToList();
        uris.ShouldBe(everywhere.Where(orgUris.Contains).ToList()); // the same matches in the same order, only the members' work
        GtFedProcess.Run("search", "query service", "--org", "acme.com", "--remote", "bob", "--town", acme).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Every_page_says_its_next_token_whole_on_a_line_of_its_own_however_narrow_the_output()
    {
        var acme = CopyAcme();
        // Each paged command a person reads: the token it prints must be the --json document's "next", unbroken, so
        // copying the line gives a token that works (the console wrapped a long heading, splitting the token).
        foreach (var args in new[]
        {
            new[] { "list", "--remote", "alice" },
            ["list", "--org", "acme.com"],
            ["list", "--project", "pl-100"],
            ["list", "--ready"],
            ["search", "r*", "--remote", "alice"],
            ["search", "r*", "--org", "acme.com"],
            ["audit", "--actor", "gastown/*"],
        })
        {
            var json = GtFedProcess.Run([.. args, "--town", acme, "--limit", "1", "--json"]);
            json.ExitCode.ShouldBe(0, json.ToString());
            var next = json.Json().GetProperty("next").GetString()!;
            var human = GtFedProcess.Run(null, new Dictionary<string, string?> { ["COLUMNS"] = "80" }, [.. args, "--town", acme, "--limit", "1"]);
            human.ExitCode.ShouldBe(0, human.ToString());
            human.StandardOutput.ReplaceLineEndings("\n").Split('\n').ShouldContain($"(more: --after {next})", $"{string.Join(' ', args)}: {human}");
        }

        // The change feed's resume token too.
        var resume = GtFedProcess.Run("changes", "--town", acme, "--json").Json().GetProperty("resume").GetString()!;
        var changes = GtFedProcess.Run(null, new Dictionary<string, string?> { ["COLUMNS"] = "40" }, "changes", "--town", acme);
        changes.StandardOutput.ReplaceLineEndings("\n").Split('\n').ShouldContain($"resume: --since {resume}", changes.ToString());
    }

    [Fact]
    public void A_token_from_another_list_is_refused_naming_what_to_pass_instead_of_starting_that_list_part_way()
    {
        var acme = CopyAcme();
        string NextOf(params string[] args)
        {
            var run = GtFedProcess.Run([.. args, "--town", acme, "--json", "--limit", "1"]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            return run.Json().GetProperty("next").GetString()!;
        }

        var alices = NextOf("list", "--remote", "alice");
        var searchOfAlice = NextOf("search", "r*", "--remote", "alice"); // "routing", "Resolver"
        foreach (var (args, token) in new (string[], string)[]
        {
            (["list", "--remote", "bob"], alices), // another remote: the old code answered bob's list after alice's URI
            (["list", "--remote", "alice", "--status", "closed"], alices), // the same remote, another filter
            (["list", "--org", "acme.com"], NextOf("list", "--org", "acme.com", "--status", "open")),
            (["search", "r*", "--remote", "bob"], searchOfAlice),
            (["search", "p*", "--remote", "alice"], searchOfAlice),
        })
        {
            var run = GtFedProcess.Run([.. args, "--town", acme, "--limit", "1", "--after", token]);
            run.ExitCode.ShouldBe(2, $"{string.Join(' ', args)}: {run}");
            run.StandardError.ShouldContain("other than this one", Case.Sensitive, run.ToString());
            run.StandardOutput.ShouldBeEmpty();
        }

        // The token still continues its own list.
        GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--limit", "1", "--after", alices).ExitCode.ShouldBe(0);
        GtFedProcess.Run("search", "r*", "--remote", "alice", "--town", acme, "--limit", "1", "--after", searchOfAlice).ExitCode.ShouldBe(0);

        // An audit since a duration: each process computes its own instant for "3650d" (a later one on page 2), and the
        // token is still this audit's, as is one given back under the pattern in another case.
        var audit = NextOf("audit", "--actor", "*", "--since", "3650d");
        var next = GtFedProcess.Run("audit", "--actor", "*", "--since", "3650d", "--town", acme, "--limit", "1", "--after", audit);
        next.ExitCode.ShouldBe(0, next.ToString());
        var crew = NextOf("audit", "--actor", "*/crew/*");
        GtFedProcess.Run("audit", "--actor", "*/CREW/*", "--town", acme, "--limit", "1", "--after", crew).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Search_finds_work_in_every_indexed_chain_with_filters_and_pages()
    {
        var acme = CopyAcme();
        var run = GtFedProcess.Run("search", "query service", "--town", acme, "--json");
        run.ExitCode.ShouldBe(0, run.StandardError);
        var uris = run.Json().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uri").GetString()).ToList();
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");

        var onlyBob = GtFedProcess.Run("search", "query service", "--remote", "bob", "--town", acme, "--json").Json();
        onlyBob.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("chain").GetString() == "gt://bob@example.com/main-town");
        GtFedProcess.Run("search", "   ", "--town", acme).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Changes_report_a_unit_created_after_indexing_and_resume_after_it()
    {
        var acme = CopyAcme();
        var first = GtFedProcess.Run("changes", "--town", acme, "--json");
        first.ExitCode.ShouldBe(0, first.StandardError);
        first.Json().GetProperty("count").GetInt32().ShouldBe(0); // a first indexing is not news
        var resume = first.Json().GetProperty("resume").GetString()!;

        var created = GtFedProcess.Run(acme, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "create", "--rig", "platform", "--title", "Fresh platform work", "--json");
        created.ExitCode.ShouldBe(0, created.StandardError);

        var changes = GtFedProcess.Run("changes", "--since", resume, "--town", acme, "--json").Json();
        var change = changes.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        change.GetProperty("kind").GetString().ShouldBe("created");
        change.GetProperty("title").GetString().ShouldBe("Fresh platform work");
        var again = GtFedProcess.Run("changes", "--since", changes.GetProperty("resume").GetString()!, "--town", acme, "--json").Json();
        again.GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void Changes_past_the_limit_are_read_from_older_pages_each_once_before_resuming()
    {
        // The changes past a page's limit could not be read by any token: resuming skipped them, and --limit stops at
        // 10,000 (12,000 changes in one fetch lost 2,000 for good). A page says where the older ones are.
        var acme = CopyAcme();
        var resume = GtFedProcess.Run("changes", "--town", acme, "--json").Json().GetProperty("resume").GetString()!;
        var titles = new[] { "First", "Second", "Third", "Fourth", "Fifth" };
        foreach (var title in titles)
        {
            var created = GtFedProcess.Run(acme, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "create", "--rig", "platform", "--title", title + " platform work");
            created.ExitCode.ShouldBe(0, created.ToString());
        }

        // A person: the newest two, then the line to read the older ones, before the resume line.
        var cut = GtFedProcess.Run("changes", "--since", resume, "--limit", "2", "--town", acme);
        cut.ExitCode.ShouldBe(0, cut.ToString());
        var lines = cut.StandardOutput.ReplaceLineEndings("\n").Split('\n');
        var older = lines.Where(l => l.StartsWith("(older: --since ", StringComparison.Ordinal)).ShouldHaveSingleItem(cut.ToString());
        Array.IndexOf(lines, older).ShouldBeLessThan(Array.FindIndex(lines, l => l.StartsWith("resume: ", StringComparison.Ordinal)));
        lines.ShouldContain(l => l.StartsWith("These are the newest 2; the older ones are on the next page", StringComparison.Ordinal));

        // A script: older pages, newest first, until none is left; every change once; every page resumes where the first does.
        var seen = new List<string>();
        string? since = resume;
        string? firstResume = null;
        var pages = 0;
        while (since is not null)
        {
            var page = GtFedProcess.Run("changes", "--since", since, "--limit", "2", "--town", acme, "--json");
            page.ExitCode.ShouldBe(0, page.ToString());
            var json = page.Json();
            seen.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!));
            firstResume ??= json.GetProperty("resume").GetString();
            json.GetProperty("resume").GetString().ShouldBe(firstResume);
            since = json.TryGetProperty("older", out var next) ? next.GetString() : null;
            json.GetProperty("truncated").GetBoolean().ShouldBe(since is not null);
            pages++;
        }

        pages.ShouldBe(3);
        // One refresh saw all five (create does not index): each once, in the order that refresh recorded them.
        seen.ShouldBe(titles.Select(t => t + " platform work"), ignoreOrder: true);
        seen.Distinct().Count().ShouldBe(5);
        GtFedProcess.Run("changes", "--since", firstResume!, "--town", acme, "--json").Json().GetProperty("count").GetInt32().ShouldBe(0);
        var whole = GtFedProcess.Run("changes", "--since", resume, "--limit", "5", "--town", acme);
        whole.StandardOutput.ShouldNotContain("(older:", Case.Sensitive, whole.ToString());
    }

    [Fact]
    public void Changes_say_which_chains_they_could_not_read_beside_the_other_chains_changes()
    {
        // A remote the index cannot read (here: registered, never fetched) adds no changes; the feed said nothing of it,
        // so "what changed since I last looked" read as complete. It is said as list and search say it.
        var acme = CopyAcme();
        var ghost = _temp.Combine("ghost-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(ghost);
        GitCli.Run(ghost, "init", "-q", "--bare");
        var added = GtFedProcess.Run("remote", "add", "ghost", "gt://ghost.example/chain", "--url", ghost, "--town", acme);
        added.ExitCode.ShouldBe(0, added.ToString());
        var first = GtFedProcess.Run("changes", "--town", acme, "--json");
        first.ExitCode.ShouldBe(0, first.ToString());
        var resume = first.Json().GetProperty("resume").GetString()!;
        var created = GtFedProcess.Run(acme, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "create", "--rig", "platform", "--title", "Fresh platform work", "--json");
        created.ExitCode.ShouldBe(0, created.StandardError);

        var changes = GtFedProcess.Run("changes", "--since", resume, "--town", acme, "--json");
        changes.ExitCode.ShouldBe(0, changes.ToString());
        var json = changes.Json();
        json.GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("title").GetString().ShouldBe("Fresh platform work");
        var unavailable = json.GetProperty("unavailable").EnumerateArray().ShouldHaveSingleItem();
        unavailable.GetProperty("chain").GetString().ShouldBe("gt://ghost.example/chain");
        unavailable.GetProperty("reason").GetString().ShouldBe("NeverFetched");
        unavailable.GetProperty("message").GetString()!.ShouldContain("never fetched");
        // The same entries, in the same shape, as a search of the same index gives.
        var search = GtFedProcess.Run("search", "platform", "--town", acme, "--json");
        json.GetProperty("unavailable").GetRawText().ShouldBe(search.Json().GetProperty("unavailable").GetRawText());

        var human = GtFedProcess.Run("changes", "--since", resume, "--town", acme);
        human.ExitCode.ShouldBe(0, human.ToString());
        human.StandardOutput.ShouldContain("Fresh platform work");
        human.StandardOutput.ShouldNotContain("ghost");
        human.StandardError.Split('\n').ShouldContain(l => l.StartsWith("gt://ghost.example/chain is unavailable (NeverFetched): Remote 'ghost'", StringComparison.Ordinal), human.ToString());
    }

    [Fact]
    public void Search_and_changes_over_an_index_this_user_cannot_write_answer_from_it_as_it_is_and_say_it_may_be_stale()
    {
        // A town shared read-only (a web server's account, a read-only mount): the index reads but cannot be brought up to
        // date. Search and the change feed exited 3 although the index held an answer.
        var acme = CopyAcme();
        var first = GtFedProcess.Run("changes", "--town", acme, "--json");
        first.ExitCode.ShouldBe(0, first.StandardError);
        var resume = first.Json().GetProperty("resume").GetString()!;
        var created = GtFedProcess.Run(acme, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "create", "--rig", "platform", "--title", "Fresh platform work", "--json");
        created.ExitCode.ShouldBe(0, created.StandardError);

        // A folder where the index's lock file should be: no user, root included, can take the lock to index the new unit.
        var lockPath = Path.Combine(acme, "federation", "index.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        var says = $"The index's write lock {lockPath} cannot be taken by this process";

        var search = GtFedProcess.Run("search", "query service", "--town", acme, "--json");
        search.ExitCode.ShouldBe(0, search.ToString());
        search.Json().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uri").GetString()).ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");
        search.Json().GetProperty("stale").GetString()!.ShouldStartWith(says);
        var fresh = GtFedProcess.Run("search", "Fresh", "--town", acme);
        fresh.ExitCode.ShouldBe(0, fresh.ToString());
        fresh.StandardOutput.ShouldContain("search: 0 work units"); // the index as it was, without the new unit
        fresh.StandardError.Split('\n').ShouldContain(l => l.StartsWith(says, StringComparison.Ordinal) && l.EndsWith("may miss what changed since.", StringComparison.Ordinal));

        var changes = GtFedProcess.Run("changes", "--since", resume, "--town", acme, "--json");
        changes.ExitCode.ShouldBe(0, changes.ToString());
        changes.Json().GetProperty("count").GetInt32().ShouldBe(0);
        changes.Json().GetProperty("resume").GetString().ShouldBe(resume);
        changes.Json().GetProperty("stale").GetString()!.ShouldStartWith(says);
        var human = GtFedProcess.Run("changes", "--since", resume, "--town", acme);
        human.ExitCode.ShouldBe(0, human.ToString());
        human.StandardOutput.ShouldContain("No changes since that token.");
        human.StandardError.ShouldContain(says);

        // Writable again: the unit is indexed, the feed resumes with it, and nothing says stale.
        Directory.Delete(lockPath);
        var after = GtFedProcess.Run("changes", "--since", resume, "--town", acme, "--json");
        after.ExitCode.ShouldBe(0, after.ToString());
        after.Json().GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("title").GetString().ShouldBe("Fresh platform work");
        after.Json().TryGetProperty("stale", out _).ShouldBeFalse();
        after.StandardError.ShouldBeEmpty();
    }

    [Fact]
    public void Index_shows_each_chain_and_rebuild_parses_every_line_again()
    {
        var acme = CopyAcme();
        var run = GtFedProcess.Run("index", "--town", acme, "--json");
        run.ExitCode.ShouldBe(0, run.StandardError);
        var chains = run.Json().GetProperty("chains").EnumerateArray().ToList();
        chains.Select(c => c.GetProperty("chain").GetString()).ShouldBe(
            ["gt://acme.com/projects", "gt://alice@example.com/town", "gt://bob@example.com/main-town", "gt://carol@contractor.dev/studio"]);
        chains.ShouldAllBe(c => c.GetProperty("units").GetInt64() > 0 && c.GetProperty("unavailable").ValueKind == JsonValueKind.Null);
        File.Exists(Path.Combine(acme, "federation", "index.db")).ShouldBeTrue();

        // The demo's remotes are unsigned: a name only, not "Verified" (which said only that town.json names the owner).
        chains.Skip(1).ShouldAllBe(c => c.GetProperty("trust").GetString() == "name-only");
        chains[0].GetProperty("trust").ValueKind.ShouldBe(JsonValueKind.Null); // this town's own
        var human = GtFedProcess.Run("index", "--town", acme).StandardOutput.Split('\n');
        human.Single(l => l.StartsWith("gt://alice@example.com/town ", StringComparison.Ordinal)).ShouldEndWith(", name only (unsigned: its town.json names the owner)");
        human.Single(l => l.StartsWith("gt://acme.com/projects ", StringComparison.Ordinal)).ShouldEndWith(", Verified");

        GtFedProcess.Run("index", "--town", acme, "--json").Json().GetProperty("lines_parsed").GetInt64().ShouldBe(0);
        var rebuilt = GtFedProcess.Run("index", "--rebuild", "--town", acme, "--json");
        rebuilt.Json().GetProperty("lines_parsed").GetInt64().ShouldBe(chains.Sum(c => c.GetProperty("units").GetInt64()));
        rebuilt.StandardError.ShouldContain("indexing gt://alice@example.com/town");

        // Standard error is a pipe here: whole lines for a log, no carriage returns rewriting one line.
        rebuilt.StandardError.ShouldNotContain('\r');
        rebuilt.StandardError.Split('\n').Where(l => l.StartsWith("indexing ", StringComparison.Ordinal)).ShouldAllBe(l => l.EndsWith('%'));
    }

    [Fact]
    public void Index_says_how_many_lines_of_a_chain_were_dropped()
    {
        var acme = CopyAcme();
        File.AppendAllText(Path.Combine(acme, "platform", "mayor", "rig", ".beads", "issues.jsonl"), "{not json\n");

        var run = GtFedProcess.Run("index", "--town", acme);
        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.Split('\n').Single(l => l.StartsWith("gt://acme.com/projects ", StringComparison.Ordinal)).ShouldContain(" bytes, 1 line(s) dropped, ");
        run.StandardOutput.Split('\n').Where(l => l.StartsWith("gt://", StringComparison.Ordinal) && !l.StartsWith("gt://acme.com/", StringComparison.Ordinal))
            .ShouldAllBe(l => !l.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_indexing_processes_and_a_reading_process_at_once_give_no_error_and_no_torn_answer()
    {
        var acme = CopyAcme();
        var expected = Items(GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json").Json());
        for (var round = 0; round < 3; round++)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(acme, "federation", "index.db" + suffix));
            }

            var runs = await Task.WhenAll(
                Task.Run(() => GtFedProcess.Run("index", "--town", acme, "--json")),
                Task.Run(() => GtFedProcess.Run("index", "--town", acme, "--json")),
                Task.Run(() => GtFedProcess.Run("list", "--remote", "alice", "--limit", "50", "--town", acme, "--json")));
            foreach (var run in runs)
            {
                run.ExitCode.ShouldBe(0, run.StandardError);
            }

            // One writer at a time: whoever indexed first did the work, the others found the index current (the
            // list may have been first). The reader saw the whole chain, never part of it.
            runs.Take(2).Count(r => r.Json().GetProperty("lines_parsed").GetInt64() > 0).ShouldBeLessThanOrEqualTo(1);
            Items(runs[2].Json()).ShouldBe(expected);
        }
    }

    [Fact]
    public async Task Two_rebuilding_processes_and_a_reading_process_at_once_give_no_error_no_torn_answer_and_delete_only_the_index()
    {
        // gtfed index --rebuild deletes the index's files under its lock and builds them again: two at once (and a reader
        // meanwhile) must neither fail, nor build into a file the other deletes, nor touch the town's other files.
        var acme = CopyAcme();
        var federation = Path.Combine(acme, "federation");
        var expected = Items(GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json").Json());
        var others = Directory.EnumerateFileSystemEntries(federation, "*", SearchOption.AllDirectories)
            .Where(e => !Path.GetFileName(e).StartsWith("index.", StringComparison.Ordinal)).Order().ToList();
        for (var round = 0; round < 2; round++)
        {
            var runs = await Task.WhenAll(
                Task.Run(() => GtFedProcess.Run("index", "--rebuild", "--town", acme, "--json")),
                Task.Run(() => GtFedProcess.Run("index", "--rebuild", "--town", acme, "--json")),
                Task.Run(() => GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json")));
            foreach (var run in runs)
            {
                run.ExitCode.ShouldBe(0, run.ToString());
            }

            Items(runs[2].Json()).ShouldBe(expected);
            var after = GtFedProcess.Run("index", "--town", acme, "--json");
            after.Json().GetProperty("lines_parsed").GetInt64().ShouldBe(0, "the index both left is whole and current");
            after.Json().GetProperty("chains").EnumerateArray().ShouldAllBe(c => c.GetProperty("unavailable").ValueKind == JsonValueKind.Null);
            Directory.EnumerateFileSystemEntries(federation, "*", SearchOption.AllDirectories)
                .Where(e => !Path.GetFileName(e).StartsWith("index.", StringComparison.Ordinal)).Order().ShouldBe(others);
        }
    }

    [Fact]
    public async Task An_indexing_process_killed_part_way_leaves_the_index_whole_and_the_next_process_completes_it()
    {
        // kill -9 while a large local file is indexed: its transaction never commits, so the next process finds the index
        // as the last finished refresh left it, answers from it, and indexes the file whole.
        var acme = CopyAcme();
        GtFedProcess.Run("index", "--town", acme).ExitCode.ShouldBe(0);
        var alice = Items(GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json").Json());
        var issues = Path.Combine(acme, "platform", "mayor", "rig", ".beads", "issues.jsonl");
        File.AppendAllLines(issues, Enumerable.Range(0, 40_000).Select(i =>
            $$"""{"id":"pl-9{{i}}","title":"Synthetic work item {{i}} about refinery widgets","description":"{{new string('x', 200)}}","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-05T09:42:00-08:00","created_by":"mayor","updated_at":"2026-01-05T11:42:00-08:00"}"""));

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(3));
        using (var indexing = GtFedProcess.Start("index", "--town", acme))
        {
            // Its first progress line within the file (one each 16,384 lines): part way through the chain's transaction.
            string? line;
            do
            {
                line = await indexing.StandardError.ReadLineAsync(bound.Token);
            }
            while (line is not null && !(line.StartsWith("indexing gt://acme.com/projects platform/", StringComparison.Ordinal) && !line.EndsWith("100%", StringComparison.Ordinal)));

            line.ShouldNotBeNull("gtfed index ended before it reported progress within the file");
            indexing.Kill(entireProcessTree: true); // SIGKILL: no cancellation, no rollback by the process itself
            await indexing.WaitForExitAsync(bound.Token);
        }

        Items(GtFedProcess.Run("list", "--remote", "alice", "--town", acme, "--json").Json()).ShouldBe(alice);
        var after = GtFedProcess.Run("index", "--town", acme, "--json");
        after.ExitCode.ShouldBe(0, after.ToString());
        var projects = after.Json().GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("chain").GetString() == "gt://acme.com/projects");
        projects.GetProperty("unavailable").ValueKind.ShouldBe(JsonValueKind.Null);
        projects.GetProperty("units").GetInt64().ShouldBe(40_006);
        var found = GtFedProcess.Run("search", "Synthetic", "--limit", "10000", "--town", acme, "--json");
        found.ExitCode.ShouldBe(0, found.ToString());
        found.Json().GetProperty("items").GetArrayLength().ShouldBe(10_000);
        found.Json().GetProperty("next").GetString().ShouldNotBeNull();
    }

    public void Dispose() => _temp.Dispose();

    private static List<string> Items(JsonElement json) => json.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()).ToList();

    [Fact]
    public void Fetch_brings_the_index_up_to_date_so_the_next_query_parses_nothing_and_a_refresh_it_cannot_make_does_not_fail_the_fetch()
    {
        // The issue's "brought up to date after fetch": gtfed fetch only fetched, and the first query after it paid for
        // indexing everything the fetch brought.
        var acme = CopyAcme();
        var index = Path.Combine(acme, "federation", "index.db");
        DeleteIndex(index);

        var fetch = GtFedProcess.Run("fetch", "--town", acme, "--json");
        fetch.ExitCode.ShouldBe(0, fetch.ToString());
        var indexed = fetch.Json().GetProperty("index");
        indexed.GetProperty("up_to_date").GetBoolean().ShouldBeTrue();
        indexed.GetProperty("lines_parsed").GetInt64().ShouldBeGreaterThan(0);
        indexed.TryGetProperty("error", out _).ShouldBeFalse();

        var after = GtFedProcess.Run("index", "--town", acme, "--json");
        after.ExitCode.ShouldBe(0, after.ToString());
        after.Json().GetProperty("lines_parsed").GetInt64().ShouldBe(0);
        after.Json().GetProperty("chains").EnumerateArray().Where(c => !c.GetProperty("local").GetBoolean())
            .ShouldAllBe(c => c.GetProperty("revision").GetString() != null);

        // An index this user cannot write (a folder where its lock file goes): the fetch stands, and says so.
        DeleteIndex(index);
        var lockPath = Path.Combine(acme, "federation", "index.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        var refused = GtFedProcess.Run("fetch", "--town", acme, "--json");
        refused.ExitCode.ShouldBe(0, refused.ToString());
        var problem = refused.Json().GetProperty("index");
        problem.GetProperty("up_to_date").GetBoolean().ShouldBeFalse();
        problem.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("cannot be taken by this process");
        refused.StandardError.ShouldContain("the index was not brought up to date (the fetch stands; the next query will try again)");
        refused.Json().GetProperty("succeeded").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void A_fetch_waits_briefly_for_another_process_s_indexing_then_leaves_the_index_to_it_and_says_so()
    {
        // The refresh after a fetch waited the index's whole lock timeout (two minutes), printing nothing, while another
        // process indexed: the fetch had finished, and its user could not tell.
        var acme = CopyAcme();
        var lockPath = Path.Combine(acme, "federation", "index.lock");
        DeleteIndex(Path.Combine(acme, "federation", "index.db"));
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var fetch = GtFedProcess.Run("fetch", "--town", acme, "--json");
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "the index's own two-minute wait");
            fetch.ExitCode.ShouldBe(0, fetch.ToString());
            fetch.Json().GetProperty("succeeded").GetBoolean().ShouldBeTrue();
            var index = fetch.Json().GetProperty("index");
            index.GetProperty("up_to_date").GetBoolean().ShouldBeFalse();
            index.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("for 10 s; the index was not updated");
            fetch.StandardError.ShouldContain("the index was not brought up to date (the fetch stands; the next query will try again)");
        }
    }

    private static void DeleteIndex(string index)
    {
        foreach (var file in new[] { index, index + "-wal", index + "-shm" })
        {
            File.Delete(file);
        }
    }

    private string CopyAcme()
    {
        var target = _temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]);
        towns.CopyAcmeTo(target);
        return target;
    }
}
