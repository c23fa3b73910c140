using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>An empty answer is printed as one (a count, a sentence), so that a person can tell it from a command that printed nothing.</summary>
public sealed class EmptyAnswerTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-empty");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_search_with_no_match_and_a_change_feed_with_no_change_say_so()
    {
        var town = _temp.Combine("town");
        GtFedProcess.Run("init", "--town", town, "--owner", "alice@example.com", "--name", "town").ExitCode.ShouldBe(0);
        GtFedProcess.Run("rig", "add", "gastown", "--prefix", "gt", "--town", town).ExitCode.ShouldBe(0);
        GtFedProcess.Run("create", "--title", "Make the resolver cache survive restarts", "--rig", "gastown", "--actor", "mayor", "--town", town).ExitCode.ShouldBe(0);

        var none = GtFedProcess.Run("search", "nothing-matches-this", "--town", town);
        none.ExitCode.ShouldBe(0, none.ToString());
        none.StandardOutput.Trim().ShouldBe("search: 0 work units");

        var one = GtFedProcess.Run("search", "resolver", "--town", town);
        one.StandardOutput.ShouldStartWith("search: 1 work units");
        one.StandardOutput.ShouldContain("Make the resolver cache");

        var changes = GtFedProcess.Run("changes", "--town", town);
        changes.ExitCode.ShouldBe(0, changes.ToString());
        changes.StandardOutput.ShouldStartWith("No changes recorded yet.");
        changes.StandardOutput.ShouldContain("resume: --since ");
    }
}
