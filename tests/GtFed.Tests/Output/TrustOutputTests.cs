using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// Issue 11, "trust you can see": what a query knows about how far each chain can be believed reaches the person
/// (a note on standard error) and the script (the <c>chains</c> array of --json), through the real gtfed process
/// over real git: a verified town, an owner-less one, and one whose newest snapshot was refused.
/// </summary>
public sealed class TrustOutputTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-trust");

    private string Ada => _temp.Combine("ada-town");

    private string Bob => _temp.Combine("bob-town");

    [Fact]
    public void A_refused_snapshot_fails_the_fetch_and_every_later_answer_says_it_comes_from_the_older_one()
    {
        var (id, unitId) = PublishedBob();
        Ok(id, "remote", "add", "bob", "gt://bob@example.com/bob-town", "--url", BobUrl, "--town", Ada);
        Ok(id, "fetch", "bob", "--town", Ada);

        var verified = Ok(id, "show", $"gt://bob@example.com/bob-town/api/{unitId}", "--town", Ada, "--json");
        Chain(verified.Json(), "gt://bob@example.com/bob-town").GetProperty("trust").GetString().ShouldBe("Verified");
        verified.StandardError.ShouldNotContain("older snapshot");

        // Bob's town now claims another owner: a snapshot anyone could write, refused by the reader.
        var townJson = Path.Combine(Bob, "mayor", "town.json");
        File.WriteAllText(townJson, File.ReadAllText(townJson).Replace("bob@example.com", "mallory@evil.example", StringComparison.Ordinal));
        Ok(id, "publish", "--rig", "api", "--town", Bob);

        var fetch = GtFedProcess.Run(null, id, "fetch", "bob", "--town", Ada);
        fetch.ExitCode.ShouldNotBe(0, fetch.ToString());
        fetch.StandardError.ShouldContain("refused");

        var human = Ok(id, "show", $"gt://bob@example.com/bob-town/api/{unitId}", "--town", Ada);
        human.StandardOutput.ShouldContain("Auth API");
        human.StandardError.ShouldContain("gt://bob@example.com/bob-town: answered from an older snapshot");

        var json = Ok(id, "list", "--remote", "bob", "--town", Ada, "--json").Json();
        Chain(json, "gt://bob@example.com/bob-town").GetProperty("trust").GetString().ShouldBe("OlderSnapshot");
        json.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void An_owner_less_town_is_shown_as_its_chain_but_flagged_unverified_in_both_outputs()
    {
        var (id, unitId) = PublishedBob();
        // Bob's published snapshot, rewritten by hand with the owner taken out of its town.json: a snapshot that
        // names nobody proves nobody (gtfed itself refuses to publish an owner-less town).
        var work = _temp.Combine("rewrite");
        GitCli.Run(_temp.Path, "clone", "--quiet", "--branch", "gt/published", BobUrl, work);
        var townJson = Path.Combine(work, "mayor", "town.json");
        File.WriteAllText(townJson, File.ReadAllText(townJson).Replace("\"owner\": \"bob@example.com\",", "", StringComparison.Ordinal));
        File.ReadAllText(townJson).ShouldNotContain("owner");
        GitCli.Run(work, "-c", "user.name=x", "-c", "user.email=x@example.com", "commit", "--quiet", "-am", "no owner");
        GitCli.Run(work, "push", "--quiet", "origin", "gt/published");
        Ok(id, "remote", "add", "bob", "gt://bob@example.com/bob-town", "--url", BobUrl, "--town", Ada);
        Ok(id, "fetch", "bob", "--town", Ada);

        var human = Ok(id, "list", "--remote", "bob", "--town", Ada);
        human.StandardOutput.ShouldContain(unitId);
        human.StandardError.ShouldContain("gt://bob@example.com/bob-town: unverified identity");

        var json = Ok(id, "list", "--remote", "bob", "--town", Ada, "--json").Json();
        Chain(json, "gt://bob@example.com/bob-town").GetProperty("trust").GetString().ShouldBe("UnverifiedIdentity");

        // The index's answers say it as the list does (and as GtWeb's pages do).
        var search = Ok(id, "search", "Auth", "--town", Ada);
        search.StandardOutput.ShouldContain(unitId);
        search.StandardError.ShouldContain("gt://bob@example.com/bob-town: unverified identity");
    }

    [Fact]
    public void A_one_rig_repository_is_flagged_unverified_by_a_list_and_by_a_search_alike()
    {
        var config = _temp.Combine("user.gitconfig");
        GitCli.Run(_temp.Path, "config", "--file", config, "user.name", "Test User");
        var id = new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = config };
        Ok(id, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");

        // A beads repository as upstream users keep one: .beads/issues.jsonl at its root, no town.json.
        var solo = _temp.Combine("solo");
        Directory.CreateDirectory(Path.Combine(solo, ".beads"));
        File.WriteAllText(Path.Combine(solo, ".beads", "issues.jsonl"),
            """{"id":"so-1","title":"Solo refinery","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""" + "\n");
        GitCli.Run(solo, "init", "--quiet", "--initial-branch", "main");
        GitCli.Run(solo, "add", ".");
        GitCli.Run(solo, "-c", "user.name=x", "-c", "user.email=x@example.com", "commit", "--quiet", "-m", "beads");
        Ok(id, "remote", "add", "solo", "gt://sam@example.com/solo", "--url", solo, "--rig", "solo", "--town", Ada);
        Ok(id, "fetch", "solo", "--town", Ada);

        var list = Ok(id, "list", "--remote", "solo", "--town", Ada);
        list.StandardOutput.ShouldContain("Solo refinery");
        list.StandardError.ShouldContain("gt://sam@example.com/solo: unverified identity");

        // Before, a search left a one-rig repository's notice out (its only note), where a list and GtWeb's pages say it.
        var search = Ok(id, "search", "refinery", "--town", Ada);
        search.StandardOutput.ShouldContain("Solo refinery");
        search.StandardError.ShouldContain("gt://sam@example.com/solo: unverified identity");
    }

    private string BobUrl { get; set; } = "";

    private (Dictionary<string, string?> Identity, string UnitId) PublishedBob()
    {
        var config = _temp.Combine("user.gitconfig");
        GitCli.Run(_temp.Path, "config", "--file", config, "user.name", "Test User");
        var id = new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = config };
        Ok(id, "init", "--town", Ada, "--owner", "ada@example.com", "--name", "ada-town");
        Ok(id, "init", "--town", Bob, "--owner", "bob@example.com", "--name", "bob-town");
        Ok(id, "rig", "add", "api", "--prefix", "ap", "--town", Bob);
        var unitId = Ok(id, "create", "--title", "Auth API", "--rig", "api", "--town", Bob).StandardOutput.Trim();
        BobUrl = Ok(id, "publish", "--rig", "api", "--town", Bob, "--json").Json().GetProperty("url").GetString()!;
        return (id, unitId);
    }

    private static JsonElement Chain(JsonElement document, string chain)
        => document.GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("chain").GetString() == chain);

    private static GtFedRun Ok(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var run = GtFedProcess.Run(null, environment, args);
        run.ExitCode.ShouldBe(0, $"gtfed {string.Join(' ', args)}\n{run}");
        return run;
    }

    public void Dispose() => _temp.Dispose();
}
