using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// "Completion cascades up" through gtfed, as separate processes: ada's town delegates a portion of her work to bob's;
/// bob closes his child and publishes, ada fetches, and <c>gtfed changes</c> in ada's town shows her parent's portion
/// completed, caused by bob's change.
/// </summary>
public sealed class ChangesDelegationCommandTests : IDisposable
{
    private const string Parent = "gt://ada@example.com/ada-town/web/wb-1";
    private const string Child = "gt://bob@example.com/bob-town/api/ap-1";

    private static readonly Dictionary<string, string?> Mayor = new() { ["BD_ACTOR"] = "mayor" };

    private readonly TempDirectory _temp = new("gtfed-changes-delegation");

    [Fact]
    public void Changes_show_the_parents_portion_completed_by_the_childs_close_once()
    {
        var ada = TownBuilder.At(_temp.Combine("ada-town")).OwnedBy("ada@example.com")
            .WithRig("web", "wb-", rig => rig.WithIssue("wb-1", "Launch \u001b[31mday"))
            .WithDelegation(Parent, Child, portion: "backend")
            .Build().Root;
        var bob = TownBuilder.At(_temp.Combine("bob-town")).OwnedBy("bob@example.com")
            .WithRig("api", "ap-", rig => rig.WithIssue("ap-1", "Auth API"))
            .Build().Root;

        var url = Ok(bob, "publish", "--rig", "api", "--town", bob, "--json").Json().GetProperty("url").GetString()!;
        Ok(ada, "remote", "add", "bob", "gt://bob@example.com/bob-town", "--url", url, "--town", ada);
        Ok(ada, "fetch", "bob", "--town", ada);
        var first = Ok(ada, "changes", "--town", ada, "--json").Json();
        first.GetProperty("count").GetInt32().ShouldBe(0);
        var resume = first.GetProperty("resume").GetString()!;

        Ok(bob, "close", "ap-1", "--town", bob);
        Ok(bob, "publish", "--rig", "api", "--town", bob);
        Ok(ada, "fetch", "bob", "--town", ada);

        var human = Ok(ada, "changes", "--since", resume, "--town", ada).StandardOutput.Split('\n');
        var line = human.Single(l => l.Contains("delegation_completed", StringComparison.Ordinal));
        line.ShouldContain($"delegation_completed {Parent}  portion backend  caused by {Child}  Launch ");
        line.ShouldNotContain("\u001b"); // the remote-written title is shown safely
        human.Count(l => l.Contains($"{"closed",-20} {Child}", StringComparison.Ordinal)).ShouldBe(1); // kinds in a column as wide as the longest

        var json = Ok(ada, "changes", "--since", resume, "--town", ada, "--json").Json();
        var completed = json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "delegation_completed");
        (completed.GetProperty("uri").GetString(), completed.GetProperty("chain").GetString(), completed.GetProperty("portion").GetString(), completed.GetProperty("caused_by").GetString())
            .ShouldBe((Parent, "gt://ada@example.com/ada-town", "backend", Child));
        json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "closed")
            .TryGetProperty("portion", out _).ShouldBeFalse();

        // Asked again (a new process, the index refreshed), it is not recorded a second time.
        Ok(ada, "changes", "--since", json.GetProperty("resume").GetString()!, "--town", ada, "--json").Json().GetProperty("count").GetInt32().ShouldBe(0);
    }

    public void Dispose() => _temp.Dispose();

    private static GtFedRun Ok(string town, params string[] args)
    {
        var run = GtFedProcess.Run(town, Mayor, args);
        run.ExitCode.ShouldBe(0, run.ToString());
        return run;
    }
}
