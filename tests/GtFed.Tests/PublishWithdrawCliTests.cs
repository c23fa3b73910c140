using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary><c>gtfed publish --withdraw</c> and the refusal of a remote for the town's own chain, end to end.</summary>
public sealed class PublishWithdrawCliTests : IDisposable
{
    private static readonly Dictionary<string, string?> Agent = new() { ["BD_ACTOR"] = "mayor", ["GIT_AUTHOR_EMAIL"] = "alice@example.com" };

    private readonly TempDirectory _temp = new("gtfed-withdraw");

    private string Town => _temp.Combine("town");

    public void Dispose() => _temp.Dispose();

    private void InitWithRig()
    {
        GtFedProcess.Run("init", "--town", Town, "--owner", "alice@example.com", "--name", "town").ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(Town, "pub", "mayor", "rig", ".beads"));
        File.WriteAllText(Path.Combine(Town, "pub", "mayor", "rig", ".beads", "issues.jsonl"), "{\"id\":\"pb-1\",\"title\":\"Pub work\"}\n");
        File.WriteAllText(Path.Combine(Town, ".beads", "routes.jsonl"), "{\"prefix\":\"pb-\",\"path\":\"pub/mayor/rig\"}\n");
    }

    [Fact]
    public void Withdraw_commits_a_tree_without_the_rig_and_says_git_cannot_take_it_back()
    {
        InitWithRig();
        var published = GtFedProcess.Run(null, Agent, "publish", "--town", Town, "--rig", "pub");
        published.ExitCode.ShouldBe(0, published.ToString());

        var withdrawn = GtFedProcess.Run(null, Agent, "publish", "--town", Town, "--withdraw", "pub");

        withdrawn.ExitCode.ShouldBe(0, withdrawn.ToString());
        withdrawn.StandardOutput.ShouldContain("Withdrew rig 'pub'");
        withdrawn.StandardOutput.ShouldContain("git cannot take back");
        var repository = Path.Combine(Town, "federation", "git");
        GitCli.Run(repository, "log", "-1", "--format=%B", "gt/published").ShouldContain("Withdraw rig pub");
        GitCli.Run(repository, "ls-tree", "-r", "--name-only", "gt/published").ShouldNotContain("pub/");
    }

    [Fact]
    public void Withdraw_with_rig_or_events_is_bad_input_reported_as_every_error_is_and_publishes_nothing()
    {
        InitWithRig();
        foreach (var extra in new[] { new[] { "--rig", "pub" }, ["--events"] })
        {
            var run = GtFedProcess.Run(null, Agent, ["publish", "--town", Town, "--withdraw", "pub", .. extra]);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.StandardError.ShouldStartWith("gtfed: --withdraw cannot be combined with --rig or --events", Case.Sensitive, run.ToString());
            run.StandardError.ShouldContain("\n  Run 'gtfed publish --withdraw RIG' alone", Case.Sensitive, run.ToString());

            var json = GtFedProcess.Run(null, Agent, ["publish", "--town", Town, "--withdraw", "pub", .. extra, "--json"]);
            json.ExitCode.ShouldBe(2, json.ToString());
            json.Json().GetProperty("error").GetProperty("kind").GetString().ShouldBe("invalid_input");
        }

        Directory.Exists(Path.Combine(Town, "federation", "git")).ShouldBeFalse(); // nothing was published
    }

    [Fact]
    public void Publishing_with_no_public_rig_says_so_and_how_to_make_one_public()
    {
        InitWithRig();
        var run = GtFedProcess.Run(null, Agent, "publish", "--town", Town);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain(": no public rigs.", Case.Sensitive, run.ToString());
        run.StandardOutput.ShouldNotContain("public rigs .");
        run.StandardError.ShouldContain("Nothing of this town's work is public", Case.Sensitive, run.ToString());
        run.StandardError.ShouldContain("'gtfed publish --rig RIG'");

        // Under --json too, on standard error, the document unchanged.
        var json = GtFedProcess.Run(null, Agent, "publish", "--town", Town, "--json");
        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json().GetProperty("public_rigs").GetArrayLength().ShouldBe(0);
        json.StandardError.ShouldContain("Nothing of this town's work is public");

        // A publish with a public rig says nothing of the kind.
        var published = GtFedProcess.Run(null, Agent, "publish", "--town", Town, "--rig", "pub");
        published.ExitCode.ShouldBe(0, published.ToString());
        published.StandardOutput.ShouldContain(": public rigs pub.");
        published.StandardError.ShouldNotContain("Nothing of this town's work is public");
    }

    [Fact]
    public void A_remote_for_the_towns_own_chain_is_bad_input_and_nothing_is_registered()
    {
        InitWithRig();
        // A real repository, so that only the chain can be the reason for the refusal.
        GitCli.Run(_temp.Path, "init", "--bare", _temp.Combine("backup.git"));

        var run = GtFedProcess.Run("remote", "add", "backup", "gt://alice@example.com/town", "--town", Town, "--url", _temp.Combine("backup.git"));

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("own chain");
        GtFedProcess.Run("remote", "list", "--town", Town, "--json").Json().GetProperty("items").GetArrayLength().ShouldBe(0);
    }
}
