using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// Issue 13's walk, as a newcomer types it: two empty folders, gtfed alone, and no identity but
/// <c>git config user.name</c> (no BD_ACTOR, BEADS_ACTOR or USER in the environment).
/// </summary>
public sealed class FromScratchTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-scratch");

    private string Ada => _temp.Combine("ada-town");

    private string Bob => _temp.Combine("bob-town");

    [Fact]
    public void From_nothing_to_a_published_fetched_shown_and_closed_cross_chain_dependency()
    {
        var ada = Identity("ada", "Ada Lovelace");
        var bob = Identity("bob", "Bob Builder");

        Ok(ada, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(bob, null, "init", "--town", Bob, "--owner", "bob@example.com", "--name", "bob-town");
        Ok(ada, null, "rig", "add", "web", "--prefix", "wb", "--town", Ada);
        Ok(bob, null, "rig", "add", "api", "--prefix", "ap", "--town", Bob);

        var login = Ok(ada, null, "create", "--title", "Login page", "--rig", "web", "--town", Ada, "--json").Json();
        var loginId = login.GetProperty("id").GetString()!;
        login.GetProperty("created_by").GetString().ShouldBe("Ada Lovelace");
        loginId.ShouldMatch("^wb-[0-9a-z]{3}$");

        // The rig from the folder you stand in, and the bare id on standard output.
        var authId = Ok(bob, Path.Combine(Bob, "api"), "create", "--title", "Auth API", "--type", "feature", "--priority", "1").StandardOutput.Trim();
        authId.ShouldMatch("^ap-[0-9a-z]{3}$");

        var authUri = $"gt://bob@example.com/bob-town/api/{authId}";
        var dep = Ok(ada, null, "dep", "add", loginId, authUri, "--town", Ada, "--json").Json().GetProperty("dependency");
        (dep.GetProperty("depends_on_id").GetString(), dep.GetProperty("created_by").GetString()).ShouldBe((authUri, "Ada Lovelace"));

        var published = Ok(bob, null, "publish", "--rig", "api", "--town", Bob, "--json").Json();
        published.GetProperty("fetchable").GetBoolean().ShouldBeTrue();
        var url = published.GetProperty("url").GetString()!;
        GitCli.Run(_temp.Path, "ls-remote", url, "refs/heads/gt/published").ShouldContain(published.GetProperty("commit").GetString()!);
        var human = Ok(bob, null, "publish", "--rig", "api", "--town", Bob).StandardOutput;
        human.ShouldContain($"gtfed remote add NAME gt://bob@example.com/bob-town --url {url}");

        Ok(ada, null, "remote", "add", "bob", "gt://bob@example.com/bob-town", "--url", url, "--town", Ada);
        Ok(ada, null, "fetch", "bob", "--town", Ada);
        var before = Dependency(Ok(ada, null, "show", loginId, "--town", Ada, "--json").Json());
        (before.GetProperty("target_uri").GetString(), before.GetProperty("status").GetString(), before.GetProperty("title").GetString())
            .ShouldBe((authUri, "open", "Auth API"));
        ReadyIds(ada).ShouldNotContain(loginId);

        Ok(bob, null, "close", authId, "--reason", "Shipped in 1.0", "--town", Bob);
        Ok(bob, null, "publish", "--rig", "api", "--town", Bob);
        Ok(ada, null, "fetch", "--town", Ada);

        var after = Dependency(Ok(ada, null, "show", loginId, "--town", Ada, "--json").Json());
        after.GetProperty("status").GetString().ShouldBe("closed");
        ReadyIds(ada).ShouldContain(loginId);

        // The published commit and the records carry the person's git name, as bd would stamp them.
        GitCli.Run(Path.Combine(Bob, "federation", "git"), "log", "-1", "--format=%an|%(trailers:key=Executed-By,valueonly)", "gt/published").Trim().ShouldBe("Bob Builder|Bob Builder");
        File.ReadAllText(Path.Combine(Bob, "api", ".beads", "issues.jsonl")).ShouldContain("\"created_by\":\"Bob Builder\"");
        Ok(ada, null, "event", "emit", "note", "--town", Ada);
        Ok(ada, null, "event", "emit", "note", "--town", Ada, "--actor", "gastown/crew/joe");
        File.ReadAllLines(Path.Combine(Ada, ".events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("actor").GetString())
            .ShouldBe(["Ada Lovelace", "gastown/crew/joe"]);
        GtFedProcess.Run(null, ada, "event", "emit", "note", "--town", Ada, "--actor", "bad!!").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Without_any_identity_a_write_is_refused_and_says_what_to_set()
    {
        var nobody = new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = "/dev/null" };
        Ok(nobody, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(nobody, null, "rig", "add", "web", "--prefix", "wb", "--town", Ada);

        var run = GtFedProcess.Run(null, nobody, "create", "--title", "x", "--rig", "web", "--town", Ada);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("--actor");
        run.StandardError.ShouldContain("git config --global user.name");
        run.StandardError.ShouldNotContain("services.");
        File.ReadAllBytes(Path.Combine(Ada, "web", ".beads", "issues.jsonl")).ShouldBeEmpty();
        foreach (var command in new[] { new[] { "publish", "--rig", "web" }, new[] { "event", "emit", "note" }, new[] { "dep", "add", "wb-1", "wb-2" } })
        {
            var refused = GtFedProcess.Run(null, nobody, [.. command, "--town", Ada]);
            refused.ExitCode.ShouldBe(2, refused.ToString());
            refused.StandardError.ShouldContain("--actor");
            refused.StandardError.ShouldNotContain("ProvenanceOptions");
        }

        Ok(nobody, null, "create", "--title", "x", "--rig", "web", "--town", Ada, "--actor", "gastown/crew/joe");
    }

    [Theory]
    [InlineData("not a valid actor!!", "'!'")]
    [InlineData("", "empty")]
    public void An_invalid_actor_is_refused_with_the_accepted_shapes(string actor, string problem)
    {
        var ada = Identity("ada", "Ada Lovelace");
        Ok(ada, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(ada, null, "rig", "add", "web", "--prefix", "wb", "--town", Ada);

        var run = GtFedProcess.Run(null, ada, "create", "--title", "x", "--rig", "web", "--town", Ada, "--actor", actor);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain(problem);
        run.StandardError.ShouldContain("gastown/crew/joe");
        run.StandardError.ShouldNotContain("ProvenanceOptions");
    }

    [Fact]
    public void Bad_input_to_the_writing_commands_has_the_documented_exit_codes()
    {
        var ada = Identity("ada", "Ada Lovelace");
        Ok(ada, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(ada, null, "rig", "add", "web", "--prefix", "wb", "--town", Ada);

        GtFedProcess.Run(null, ada, "rig", "add", "web", "--prefix", "zz", "--town", Ada).ExitCode.ShouldBe(2);
        GtFedProcess.Run(null, ada, "rig", "add", "my-rig", "--prefix", "mr", "--town", Ada).ExitCode.ShouldBe(2);
        GtFedProcess.Run(null, ada, "create", "--title", "x", "--rig", "nosuch", "--town", Ada).ExitCode.ShouldBe(1);
        GtFedProcess.Run(null, ada, "create", "--title", "x", "--town", Ada).StandardError.ShouldContain("--rig");
        GtFedProcess.Run(null, ada, "close", "wb-nope", "--town", Ada).ExitCode.ShouldBe(1);
        GtFedProcess.Run(null, ada, "update", "wb-nope", "--status", "bogus", "--town", Ada).ExitCode.ShouldBe(2);
        GtFedProcess.Run(null, ada, "dep", "add", "wb-nope", "gt://acme.com/eng/ac-1", "--town", Ada).ExitCode.ShouldBe(1);
        var townFolder = GtFedProcess.Run(null, ada, "remote", "add", "me", "gt://ada@example.com/other", "--url", Ada, "--town", Ada);
        townFolder.ExitCode.ShouldBe(2);
        townFolder.StandardError.ShouldContain(Path.Combine(Ada, "federation", "git"));
    }

    [Fact]
    public void Dep_add_reads_this_town_s_own_gt_uri_as_its_id_and_refuses_a_cycle_a_self_dependency_and_a_missing_unit_through_it()
    {
        var ada = Identity("ada", "Ada Lovelace");
        Ok(ada, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(ada, null, "rig", "add", "core", "--prefix", "co", "--town", Ada);
        var a = Ok(ada, null, "create", "--title", "A", "--rig", "core", "--town", Ada).StandardOutput.Trim();
        var b = Ok(ada, null, "create", "--title", "B", "--rig", "core", "--town", Ada).StandardOutput.Trim();
        string Own(string id) => $"gt://ada@example.com/ada-town/core/{id}";
        Ok(ada, null, "dep", "add", a, b, "--town", Ada);
        var issues = Path.Combine(Ada, "core", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(issues);

        var cycle = GtFedProcess.Run(null, ada, "dep", "add", b, Own(a), "--town", Ada);
        cycle.ExitCode.ShouldBe(2, cycle.ToString());
        cycle.StandardError.ShouldContain($"{a} -> {b}");
        var self = GtFedProcess.Run(null, ada, "dep", "add", a, Own(a), "--town", Ada);
        self.ExitCode.ShouldBe(2, self.ToString());
        self.StandardError.ShouldContain("itself");
        GtFedProcess.Run(null, ada, "dep", "add", a, Own("co-nonexistent"), "--town", Ada).ExitCode.ShouldBe(1);
        var again = Ok(ada, null, "dep", "add", a, Own(b), "--town", Ada, "--json").Json();
        again.GetProperty("changed").GetBoolean().ShouldBeFalse();
        again.GetProperty("dependency").GetProperty("depends_on_id").GetString().ShouldBe(b);
        File.ReadAllBytes(issues).ShouldBe(before);

        // The unit that depends may be named by its URI too, as show takes it; another town's unit is not this town's to change.
        var c = Ok(ada, null, "create", "--title", "C", "--rig", "core", "--town", Ada).StandardOutput.Trim();
        Ok(ada, null, "dep", "add", Own(c), Own(a), "--town", Ada).StandardOutput.Trim().ShouldBe($"{c} now depends on {a} (blocks)");
        var remote = GtFedProcess.Run(null, ada, "update", "gt://bob@example.com/bob-town/api/ap-1", "--priority", "0", "--town", Ada);
        remote.ExitCode.ShouldBe(2, remote.ToString());
        remote.StandardError.ShouldContain("another town");
        remote.StandardError.ShouldNotContain("No rig");

        ReadyIds(ada).ShouldBe([b]);
        File.ReadAllText(issues).ShouldNotContain("gt://");
    }

    [Fact]
    public async Task Creates_from_concurrent_processes_all_land()
    {
        var ada = Identity("ada", "Ada Lovelace");
        Ok(ada, null, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(ada, null, "rig", "add", "web", "--prefix", "wb", "--town", Ada);

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(
            () => GtFedProcess.Run(null, ada, "create", "--title", $"Unit {i}", "--rig", "web", "--town", Ada), TestContext.Current.CancellationToken)));

        runs.ShouldAllBe(r => r.ExitCode == 0);
        var lines = File.ReadAllLines(Path.Combine(Ada, "web", ".beads", "issues.jsonl"));
        lines.Length.ShouldBe(6);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).Order()
            .ShouldBe(runs.Select(r => r.StandardOutput.Trim()).Order());
    }

    private Dictionary<string, string?> Identity(string name, string userName)
    {
        var config = _temp.Combine(name + ".gitconfig");
        GitCli.Run(_temp.Path, "config", "--file", config, "user.name", userName);
        return new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = config };
    }

    private static GtFedRun Ok(IReadOnlyDictionary<string, string?> environment, string? workingDirectory, params string[] args)
    {
        var run = GtFedProcess.Run(workingDirectory, environment, args);
        run.ExitCode.ShouldBe(0, $"gtfed {string.Join(' ', args)}\n{run}");
        return run;
    }

    private static JsonElement Dependency(JsonElement shown) => shown.GetProperty("dependencies").EnumerateArray().Single();

    private string[] ReadyIds(IReadOnlyDictionary<string, string?> identity)
    {
        var ready = Ok(identity, null, "list", "--ready", "--town", Ada, "--json").Json();
        var items = ready.ValueKind == JsonValueKind.Array ? ready : ready.GetProperty("items");
        return [.. items.EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }

    public void Dispose() => _temp.Dispose();
}
