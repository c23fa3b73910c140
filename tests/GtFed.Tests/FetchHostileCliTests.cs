using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// What gtfed says when a remote's fetch is refused for its size, its publisher deleted its published branch, its
/// server's error text would have been taken for a format string, or this town's own copy of it is damaged; and what its
/// audit says of a commit such a remote dates where no calendar reaches.
/// </summary>
public sealed class FetchHostileCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-fetch-hostile");

    public void Dispose() => _temp.Dispose();

    private string Town => _temp.Combine("town");

    private void Init(string town, string owner, string name)
    {
        var run = GtFedProcess.Run("init", "--town", town, "--owner", owner, "--name", name);
        run.ExitCode.ShouldBe(0, run.ToString());
    }

    // Bob's town, one rig with one unit published, registered in the town as remote "bob": its git folder.
    private string AddPublishedBob()
    {
        var bob = _temp.Combine("bob");
        Init(bob, "bob@example.com", "workshop");
        GtFedProcess.Run("rig", "add", "tools", "--prefix", "tl", "--town", bob).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--rig", "tools", "--title", "Bob's tool", "--actor", "bob", "--town", bob).ExitCode.ShouldBe(0);
        GtFedProcess.Run("publish", "--rig", "tools", "--actor", "bob", "--town", bob).ExitCode.ShouldBe(0);
        var bobGit = Path.Combine(bob, "federation", "git");
        GtFedProcess.Run("remote", "add", "bob", "gt://bob@example.com/workshop", "--url", bobGit, "--town", Town).ExitCode.ShouldBe(0);
        return bobGit;
    }

    [Fact]
    public void A_remote_holding_an_object_over_the_budget_is_not_fetched_and_the_person_is_told_what_to_do()
    {
        Init(Town, "alice@example.com", "town");
        // 300 MiB of zeros, about 300 KB in git, in a repository of its own: refused from its header, never read.
        var evil = _temp.Combine("evil");
        GitCli.Run(_temp.Path, "init", "--quiet", evil);
        var sparse = _temp.Combine("zeros");
        using (var stream = new FileStream(sparse, FileMode.CreateNew))
        {
            stream.SetLength(300L * 1024 * 1024);
        }

        var blob = GitCli.Run(evil, "hash-object", "-w", sparse).Trim();
        File.Delete(sparse);
        GitCli.Run(evil, "update-index", "--add", "--cacheinfo", $"100644,{blob},zeros.bin");
        var tree = GitCli.Run(evil, "write-tree").Trim();
        var commit = GitCli.Run(evil, "commit-tree", tree, "-m", "bomb").Trim();
        GitCli.Run(evil, "update-ref", "refs/heads/gt/published", commit);
        GtFedProcess.Run("remote", "add", "evil", "gt://evil@example.com/town", "--url", evil, "--town", Town).ExitCode.ShouldBe(0);

        var run = GtFedProcess.Run("fetch", "evil", "--town", Town);

        run.ExitCode.ShouldBe(3, run.ToString());
        run.StandardError.ShouldContain($"Could not fetch evil ({evil}): Remote 'evil' was not fetched from {evil}: its repository holds an object of 314,572,800 bytes ({blob[..7]}), on any of its branches or on none (a repository on this machine is read whole), more than the 268,435,456 bytes one fetch may bring in one object. Nothing was transferred", Case.Sensitive, run.ToString());
        // Not "take it off the published branch": the object may be on no branch that is published (it said so).
        run.StandardError.ShouldContain($"gtfed fetches no file larger than 256 MiB from a remote, and this repository holds 300 MiB in object {blob[..7]}: its owner must remove it from the repository (from every branch and its history;", Case.Sensitive, run.ToString());
    }

    [Fact]
    public void Half_a_surrogate_pair_in_a_remote_s_line_neither_hides_its_chain_nor_cuts_a_json_answer_off()
    {
        // As an attacker published them: the title one made bob's chain unreadable ("the document's bytes were changed
        // after loading"), the metadata one ended every --json list holding it half-written with gtfed's "internal" error.
        Init(Town, "alice@example.com", "town");
        AddPublishedBob();
        var bob = _temp.Combine("bob");
        File.AppendAllText(Path.Combine(bob, "tools", ".beads", "issues.jsonl"),
            """{"id":"tl-evil","title":"half \ud800 pair","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","metadata":{"n":"\udc00"}}""" + "\n");
        GtFedProcess.Run("publish", "--rig", "tools", "--actor", "bob", "--town", bob).ExitCode.ShouldBe(0);
        GtFedProcess.Run("fetch", "--town", Town).ExitCode.ShouldBe(0);

        var ready = GtFedProcess.Run("list", "--ready", "--json", "--town", Town);
        ready.ExitCode.ShouldBe(0, ready.ToString());
        var titles = ready.Json().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        titles.ShouldContain("Bob's tool");
        titles.ShouldContain("half \uFFFD pair");
        var shown = GtFedProcess.Run("show", "gt://bob@example.com/workshop/tools/tl-evil", "--json", "--town", Town);
        shown.ExitCode.ShouldBe(0, shown.ToString());
        shown.Json().GetProperty("metadata").GetProperty("n").GetString().ShouldBe("\uFFFD");
    }

    [Fact]
    public void A_deleted_published_branch_fails_the_fetch_and_a_later_list_says_the_data_is_stale_and_why()
    {
        Init(Town, "alice@example.com", "town");
        var bobGit = AddPublishedBob();
        GtFedProcess.Run("fetch", "--town", Town).ExitCode.ShouldBe(0);

        GitCli.Run(bobGit, "update-ref", "-d", "refs/heads/gt/published");
        var fetch = GtFedProcess.Run("fetch", "--town", Town);
        var list = GtFedProcess.Run("list", "--remote", "bob", "--town", Town);

        fetch.ExitCode.ShouldBe(3, fetch.ToString());
        fetch.StandardError.ShouldContain($"Could not fetch bob ({bobGit}): Remote 'bob' at {bobGit} no longer publishes its chain: it has no branch gt/published", Case.Sensitive, fetch.ToString());
        list.ExitCode.ShouldBe(0, list.ToString());
        list.StandardOutput.ShouldContain("Bob's tool", Case.Sensitive, "the last snapshot still answers");
        list.ToString().ShouldContain("gt://bob@example.com/workshop: stale (fetched ", Case.Sensitive, list.ToString());
        list.ToString().ShouldContain("failed: Remote 'bob' at " + bobGit + " no longer publishes its chain", Case.Sensitive, list.ToString());
    }

    [Fact]
    public void A_damaged_copy_of_a_remote_in_this_town_fails_the_fetch_and_a_query_saying_so_not_that_its_owner_never_published()
    {
        // Every pack of this town's federation repository cut short (a full disk, an interrupted copy): fetch said "it
        // publishes nothing to read yet. Once its owner has published…", exit 0, every time; show, once the index was
        // rebuilt, "ask its owner to publish" with "check the remote's URL and your network".
        Init(Town, "alice@example.com", "town");
        var bob = _temp.Combine("bob");
        Init(bob, "bob@example.com", "workshop");
        GtFedProcess.Run("rig", "add", "tools", "--prefix", "tl", "--town", bob).ExitCode.ShouldBe(0);
        var created = GtFedProcess.Run("create", "--rig", "tools", "--title", "Bob's tool", "--actor", "bob", "--town", bob);
        created.ExitCode.ShouldBe(0, created.ToString());
        var unit = $"gt://bob@example.com/workshop/tools/{created.StandardOutput.Trim()}";
        GtFedProcess.Run("publish", "--rig", "tools", "--actor", "bob", "--town", bob).ExitCode.ShouldBe(0);
        GtFedProcess.Run("remote", "add", "bob", "gt://bob@example.com/workshop", "--url", Path.Combine(bob, "federation", "git"), "--town", Town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("fetch", "bob", "--town", Town).ExitCode.ShouldBe(0);
        var townGit = Path.Combine(Town, "federation", "git");
        var tip = GitCli.Run(townGit, "rev-parse", "refs/remotes/bob/gt/published").Trim();
        PackedObjects.Truncate(townGit);

        var fetch = GtFedProcess.Run("fetch", "bob", "--town", Town);
        GtFedProcess.Run("index", "--rebuild", "--town", Town);
        var show = GtFedProcess.Run("show", unit, "--town", Town);

        fetch.ExitCode.ShouldBe(3, fetch.ToString());
        fetch.StandardError.ShouldContain($"refs/remotes/bob/gt/published names commit {tip}, which is not in {townGit}: this town's copy of remote 'bob' is damaged", Case.Sensitive, fetch.ToString());
        fetch.StandardError.ShouldContain("remove the remote and register it again", Case.Sensitive, fetch.ToString());
        fetch.ToString().ShouldNotContain("owner", Case.Sensitive, fetch.ToString());
        fetch.ToString().ShouldNotContain("gtfed publish", Case.Sensitive, fetch.ToString());
        show.ExitCode.ShouldBe(3, show.ToString());
        show.StandardError.ShouldContain($"commit {tip} is not in {townGit}", Case.Sensitive, show.ToString());
        show.StandardError.ShouldContain("'gtfed remote remove NAME' and 'gtfed remote add' register it again", Case.Sensitive, show.ToString());
        show.ToString().ShouldNotContain("owner", Case.Sensitive, show.ToString());
        show.ToString().ShouldNotContain("your network", Case.Sensitive, show.ToString());
    }

    [Fact]
    public void A_server_error_holding_a_brace_fails_that_remote_alone_and_the_others_are_fetched()
    {
        // git daemon answers "ERR … /{boom}"; LibGit2Sharp formatted it as a format string, and gtfed ended as a bug
        // ("gtfed failed unexpectedly: Input string was not in a correct format"), fetching no remote.
        Init(Town, "alice@example.com", "town");
        AddPublishedBob();
        var served = _temp.Combine("served");
        Directory.CreateDirectory(served);
        using var daemon = GitDaemon.Start(served);
        var braces = $"git://127.0.0.1:{daemon.Port}/{{boom}}";
        GtFedProcess.Run("remote", "add", "braces", "gt://braces.org/town", "--url", braces, "--town", Town).ExitCode.ShouldBe(0);

        var fetch = GtFedProcess.Run("fetch", "--town", Town);

        fetch.ExitCode.ShouldBe(3, fetch.ToString());
        fetch.StandardError.ShouldContain($"Could not fetch braces ({braces})", Case.Sensitive, fetch.ToString());
        fetch.StandardError.ShouldContain("could not format", Case.Sensitive, fetch.ToString());
        fetch.StandardError.ShouldNotContain("bug", Case.Sensitive, fetch.ToString());
        var list = GtFedProcess.Run("list", "--remote", "bob", "--town", Town);
        list.ExitCode.ShouldBe(0, list.ToString());
        list.StandardOutput.ShouldContain("Bob's tool");
    }

    [Fact]
    public void A_commit_a_remote_dates_in_the_year_31_million_is_counted_by_audit_and_the_remote_s_other_commits_stay()
    {
        // Written by hand on bob's published branch (git writes any date it is given): 999999999999999 seconds. The walk
        // of bob's history threw on it, and audit printed bob's unit alone: no commit of his, and not a word, in text or
        // --json, whole or a page.
        Init(Town, "alice@example.com", "town");
        var bobGit = AddPublishedBob();
        var branch = "refs/heads/gt/published";
        var tip = GitCli.Run(bobGit, "rev-parse", branch).Trim();
        var tree = GitCli.Run(bobGit, "rev-parse", tip + "^{tree}").Trim();
        var file = _temp.Combine("forged-commit");
        File.WriteAllText(file, $"tree {tree}\nparent {tip}\nauthor bob <bob@example.com> 999999999999999 +0000\ncommitter bob <bob@example.com> 999999999999999 +0000\n\nfrom the year 31 million\n");
        var forged = GitCli.Run(bobGit, "hash-object", "-t", "commit", "--literally", "-w", file).Trim();
        GitCli.Run(bobGit, "update-ref", branch, forged);
        GtFedProcess.Run("fetch", "--town", Town).ExitCode.ShouldBe(0);
        var note = $"it holds 1 commit(s) by the audited actors dated outside the years 1 to 9999 (the first, {forged[..8]}, at 999999999999999 +0000 in Unix seconds), which no timeline can place: left out of this audit.";

        foreach (var args in new[] { new[] { "audit", "--actor", "*", "--town", Town }, ["audit", "--actor", "bob", "--limit", "5", "--town", Town] })
        {
            var text = GtFedProcess.Run(args);
            text.ExitCode.ShouldBe(0, text.ToString());
            text.StandardOutput.ShouldContain($"[git] commit {tip[..8]} Publish workshop: rigs tools", Case.Sensitive, text.ToString());
            text.StandardOutput.ShouldNotContain("year 31 million", Case.Sensitive, text.ToString());
            text.ToString().ShouldContain($"gt://bob@example.com/workshop: {note}", Case.Sensitive, text.ToString());

            var json = GtFedProcess.Run([.. args, "--json"]);
            json.ExitCode.ShouldBe(0, json.ToString());
            var document = json.Json();
            document.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("summary").GetString()).ShouldContain($"{tip[..8]} Publish workshop: rigs tools");
            var bob = document.GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("chain").GetString() == "gt://bob@example.com/workshop");
            bob.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldContain(note);
        }
    }
}
