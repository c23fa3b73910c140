using System.Text.Json;

namespace GtFed.Tests;

/// <summary>The demo, and every read command's --json output over the towns it built.</summary>
[Collection(DemoTownsCollection.Name)]
public sealed class DemoTests(DemoTownsFixture towns)
{
    private static string[] Uris(JsonElement list) => [.. list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uri").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Demo_succeeds_and_runs_every_query()
    {
        towns.DemoRun.ExitCode.ShouldBe(0, towns.DemoRun.ToString());
        var output = towns.DemoRun.StandardOutput;
        foreach (var command in new[] { "publish", "remote add", "remote list", "fetch", "show", "list --remote", "list --org", "list --project", "list --ready", "audit --actor" })
        {
            output.ShouldContain("$ gtfed " + command);
        }

        output.ShouldContain("--include-delegated");
        output.ShouldContain("delegated from gt://acme.com/projects/platform/pl-100.1 (backend)");
    }

    [Fact]
    public void Demo_messages_say_each_thing_once()
    {
        var output = towns.DemoRun.StandardOutput;

        // The audit prints the type, then the summary: the summary must not start with the type again.
        output.ShouldContain("[events] done bead=gt-xyz.1 branch=polecat/toast");
        output.ShouldNotContain("done done");

        // The unreachable chain is reported (on standard error) once, in the query library's words.
        var ghost = towns.DemoRun.StandardError.Split('\n').Where(line => line.Contains("unreachable: gt://ghost.example/nowhere", StringComparison.Ordinal)).ToList();
        ghost.ShouldNotBeEmpty();
        ghost.ShouldAllBe(line => line.EndsWith(
            "NotRegistered: Chain gt://ghost.example/nowhere is not registered; register it as a remote (its gt:// URI and git URL) and fetch it to follow this reference.",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Remote_list_json_names_every_registered_chain()
    {
        var run = GtFedProcess.Run("remote", "list", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Json().GetProperty("count").GetInt32().ShouldBe(3);
        var remotes = run.Json().GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("uri").GetString());
        remotes.ShouldBe(new Dictionary<string, string?>
        {
            ["alice"] = "gt://alice@example.com/town",
            ["bob"] = "gt://bob@example.com/main-town",
            ["carol"] = "gt://carol@contractor.dev/studio",
        }, ignoreOrder: true);
    }

    [Fact]
    public void Show_json_resolves_an_external_dependency_in_a_remote_chain()
    {
        var run = GtFedProcess.Run("show", "gt://alice@example.com/town/gastown/gt-xyz.2", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var unit = run.Json();
        unit.GetProperty("id").GetString().ShouldBe("gt-xyz.2");
        unit.GetProperty("title").GetString().ShouldBe("Fetch progress reporting");
        unit.GetProperty("uri").GetString().ShouldBe("gt://alice@example.com/town/gastown/gt-xyz.2");
        unit.GetProperty("chain").GetString().ShouldBe("gt://alice@example.com/town");
        var dependencies = unit.GetProperty("dependencies").EnumerateArray().ToDictionary(d => d.GetProperty("depends_on_id").GetString()!);
        dependencies["external:beads:bd-7"].GetProperty("target_uri").GetString().ShouldBe("gt://alice@example.com/town/beads/bd-7");
        dependencies["external:beads:bd-7"].GetProperty("status").GetString().ShouldBe("closed");
        dependencies["external:beads:bd-7"].GetProperty("title").GetString().ShouldBe("Hyphenated prefix routing");
        dependencies["gt-xyz"].GetProperty("target_uri").GetString().ShouldBe("gt://alice@example.com/town/gastown/gt-xyz");
        dependencies["gt-xyz"].GetProperty("status").GetString().ShouldBe("in_progress");
    }

    [Fact]
    public void Dependents_finds_the_remote_unit_whose_external_dependency_names_it()
    {
        const string Target = "gt://alice@example.com/town/beads/bd-7";
        var run = GtFedProcess.Run("dependents", Target, "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var document = run.Json();
        document.GetProperty("query").GetString().ShouldBe("dependents");
        document.GetProperty("target").GetString().ShouldBe(Target);
        var items = document.GetProperty("items").EnumerateArray().ToList();
        document.GetProperty("count").GetInt32().ShouldBe(items.Count);
        var item = items.Single(i => i.GetProperty("uri").GetString() == "gt://alice@example.com/town/gastown/gt-xyz.2");
        item.GetProperty("title").GetString().ShouldBe("Fetch progress reporting");
        item.GetProperty("dependency").GetProperty("depends_on_id").GetString().ShouldBe("external:beads:bd-7");

        var human = GtFedProcess.Run("dependents", Target, "--town", towns.Acme);
        human.ExitCode.ShouldBe(0, human.ToString());
        human.StandardOutput.ShouldContain("depended on by");
        human.StandardOutput.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz.2");
    }

    [Fact]
    public void Dependents_of_a_unit_its_chain_does_not_hold_is_not_found_as_show_says_it()
    {
        // A mistyped id read "no work in the federation depends on it", exit 0: it looked like an answer.
        foreach (var json in new[] { false, true })
        {
            string[] args = ["dependents", "gt://alice@example.com/town/beads/bd-799", "--town", towns.Acme, .. json ? new[] { "--json" } : []];
            var run = GtFedProcess.Run(args);
            run.ExitCode.ShouldBe(1, run.ToString());
            run.ToString().ShouldContain("Chain gt://alice@example.com/town has no work unit 'bd-799'");
            run.ToString().ShouldContain("Nothing in the federation depends on it.");
        }

        // A unit of a chain this town does not know is still a question the federation can answer (its edges may name it).
        var elsewhere = GtFedProcess.Run("dependents", "gt://nobody@example.com/town/beads/bd-7", "--town", towns.Acme);
        elsewhere.ExitCode.ShouldBe(0, elsewhere.ToString());
        elsewhere.StandardOutput.ShouldContain("the unit itself was not read:");
        elsewhere.StandardOutput.ShouldContain("no work in the federation depends on it");
    }

    [Fact]
    public void Show_of_a_local_short_form_prints_the_beads_fields()
    {
        var run = GtFedProcess.Run("show", "pl-100.1", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var unit = run.Json();
        unit.GetProperty("uri").GetString().ShouldBe("gt://acme.com/projects/platform/pl-100.1");
        unit.GetProperty("created_by").GetString().ShouldBe("platform/crew/dana");
        unit.GetProperty("priority").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void List_by_remote_json_is_every_work_unit_of_the_chain()
    {
        var run = GtFedProcess.Run("list", "--remote", "alice", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        Uris(run.Json()).ShouldBe(
        [
            "gt://alice@example.com/town/beads/bd-7",
            "gt://alice@example.com/town/gastown/gt-xyz",
            "gt://alice@example.com/town/gastown/gt-xyz.1",
            "gt://alice@example.com/town/gastown/gt-xyz.2",
        ]);
    }

    [Fact]
    public void List_by_remote_filters_by_status()
    {
        var run = GtFedProcess.Run("list", "--remote", "alice", "--status", "closed", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        Uris(run.Json()).ShouldBe(["gt://alice@example.com/town/beads/bd-7", "gt://alice@example.com/town/gastown/gt-xyz.1"]);
    }

    [Fact]
    public void List_by_org_counts_only_verified_members_and_reports_the_unverified_claim()
    {
        var run = GtFedProcess.Run("list", "--org", "acme.com", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var uris = Uris(run.Json());
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");
        uris.ShouldContain("gt://bob@example.com/main-town/backend/be-3");
        uris.ShouldNotContain(u => u.StartsWith("gt://carol@contractor.dev/", StringComparison.Ordinal));
        run.StandardError.ShouldContain("carol@contractor.dev");

        // And what makes such a claim count (it said only why it did not).
        run.StandardError.ShouldContain("A claim counts once a verified chain of the organisation confirms it");
        run.StandardError.ShouldContain("gtfed key pin ENTITY");

        // The heading's facts are in the JSON too: who was verified, and the claim that was not.
        var list = run.Json();
        list.GetProperty("verified_members").EnumerateArray().Select(m => m.GetString()).ShouldBe(["alice@example.com", "bob@example.com"], ignoreOrder: true);
        list.GetProperty("unverified_claims").EnumerateArray().ShouldContain(c => c.GetProperty("subject").GetString() == "carol@contractor.dev");
        list.GetProperty("count").GetInt32().ShouldBe(uris.Length);
    }

    [Fact]
    public void List_by_project_with_delegation_crosses_two_chains_and_cascades()
    {
        var run = GtFedProcess.Run("list", "--project", "gt://acme.com/projects/platform/pl-100", "--include-delegated", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var uris = Uris(run.Json());
        uris.ShouldContain("gt://acme.com/projects/platform/pl-100.1");
        uris.ShouldContain("gt://acme.com/projects/platform/pl-100.2");
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz.1");
        uris.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz.2");
        uris.ShouldContain("gt://carol@contractor.dev/studio/web/wb-7");
        uris.ShouldNotContain("gt://acme.com/projects/platform/pl-101");
        uris.ShouldNotContain("gt://carol@contractor.dev/studio/web/wb-8");

        // Without --include-delegated the walk stays in acme's chain.
        var local = GtFedProcess.Run("list", "--project", "gt://acme.com/projects/platform/pl-100", "--town", towns.Acme, "--json");
        local.ExitCode.ShouldBe(0, local.ToString());
        Uris(local.Json()).ShouldAllBe(u => u.StartsWith("gt://acme.com/", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_json_is_newest_first_and_matches_the_glob()
    {
        var run = GtFedProcess.Run("audit", "--actor", "gastown/*", "--town", towns.Alice, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        // One object like every list: the entries under items, with the facts and every chain's trust state.
        run.Json().GetProperty("query").GetString().ShouldBe("audit");
        var entries = run.Json().GetProperty("items").EnumerateArray().ToList();
        entries.ShouldNotBeEmpty();
        run.Json().GetProperty("count").GetInt32().ShouldBe(entries.Count);
        run.Json().GetProperty("chains").EnumerateArray().ShouldContain(c => c.GetProperty("trust").GetString() == "Verified");
        entries.ShouldAllBe(e => e.GetProperty("actor").GetString()!.StartsWith("gastown/", StringComparison.OrdinalIgnoreCase));
        var times = entries.Select(e => e.GetProperty("ts").GetDateTimeOffset()).ToList();
        times.ShouldBe(times.OrderByDescending(t => t).ToList());
        entries.ShouldContain(e => e.GetProperty("source").GetString() == "events" && e.GetProperty("type").GetString() == "done");
        entries.ShouldContain(e => e.GetProperty("source").GetString() == "git");
    }

    [Fact]
    public void Audit_pages_walk_the_same_entries_once_each_in_order()
    {
        var whole = GtFedProcess.Run("audit", "--actor", "*", "--town", towns.Alice, "--json");
        whole.ExitCode.ShouldBe(0, whole.ToString());
        var expected = whole.Json().GetProperty("items").EnumerateArray().Select(e => e.GetRawText()).ToList();
        expected.Count.ShouldBeGreaterThan(3);
        whole.Json().TryGetProperty("next", out _).ShouldBeFalse();

        var paged = new List<string>();
        string? after = null;
        do
        {
            string[] args = after is null
                ? ["audit", "--actor", "*", "--limit", "3", "--town", towns.Alice, "--json"]
                : ["audit", "--actor", "*", "--limit", "3", "--after", after, "--town", towns.Alice, "--json"];
            var page = GtFedProcess.Run(args);
            page.ExitCode.ShouldBe(0, page.ToString());
            var items = page.Json().GetProperty("items").EnumerateArray().Select(e => e.GetRawText()).ToList();
            items.Count.ShouldBeLessThanOrEqualTo(3);
            paged.AddRange(items);
            after = page.Json().TryGetProperty("next", out var next) ? next.GetString() : null;
        }
        while (after is not null);

        paged.ShouldBe(expected);
        var bad = GtFedProcess.Run("audit", "--actor", "*", "--limit", "3", "--after", "bogus", "--town", towns.Alice, "--json");
        bad.ExitCode.ShouldBe(2, bad.ToString());
    }

    [Fact]
    public void Ready_work_excludes_work_blocked_across_chains()
    {
        var run = GtFedProcess.Run("list", "--ready", "--town", towns.Acme, "--json");
        run.ExitCode.ShouldBe(0, run.ToString());
        var uris = Uris(run.Json());
        // pl-101 waits on bob's be-2, which is closed: ready. pl-100.2 waits on pl-100.1, open: not ready.
        uris.ShouldContain("gt://acme.com/projects/platform/pl-101");
        uris.ShouldNotContain("gt://acme.com/projects/platform/pl-100.2");
        run.Json().GetProperty("blocked").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void The_private_rig_never_reaches_the_published_branch()
    {
        var objects = GasTown.Federation.TestSupport.GitCli.Run(Path.Combine(towns.Acme, "federation", "git"), "rev-list", "--objects", "gt/published");
        foreach (var line in objects.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var id = line.Split(' ')[0];
            var type = GasTown.Federation.TestSupport.GitCli.Run(Path.Combine(towns.Acme, "federation", "git"), "cat-file", "-t", id).Trim();
            if (type == "blob")
            {
                GasTown.Federation.TestSupport.GitCli.Run(Path.Combine(towns.Acme, "federation", "git"), "cat-file", "-p", id).ShouldNotContain("Initech");
            }
        }
    }

    [Fact]
    public void The_quickstart_registers_fetches_and_shows_a_remote_work_unit()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Quickstart.dll"), towns.Bob, Path.Combine(towns.Alice, "federation", "git"), "gt://alice@example.com/town/gastown/gt-xyz.2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("WorkUnit: entity alice@example.com, chain town, rig gastown, id gt-xyz.2");
        stdout.ShouldContain("gt://alice@example.com/town/gastown/gt-xyz.2 [open] Fetch progress reporting");
        stdout.ShouldContain("-> gt://alice@example.com/town/beads/bd-7 [closed] Hyphenated prefix routing");
    }
}
