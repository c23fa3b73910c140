using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// Issue 13, "inconsistent answers": <c>relate delegate</c> said twice is one assertion, and a delegation from a work
/// unit this town does not have is refused before anything is written.
/// </summary>
public sealed class RelateCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-relate");

    private string Town => _temp.Combine("town");

    private string Relationships => Path.Combine(Town, "federation", "relationships.jsonl");

    [Fact]
    public void Delegating_twice_writes_one_line_and_says_where_the_first_is()
    {
        var parent = Setup();
        const string child = "gt://bob@example.com/main-town/api/ap-1";

        Ok("relate", "delegate", parent, child, "--portion", "backend", "--town", Town);
        var again = Ok("relate", "delegate", parent, child, "--portion", "backend", "--town", Town);

        again.StandardError.ShouldContain("Already asserted on line 1");
        File.ReadAllLines(Relationships).Length.ShouldBe(1);

        // Other terms are another assertion.
        Ok("relate", "delegate", parent, child, "--portion", "frontend", "--town", Town);
        File.ReadAllLines(Relationships).Length.ShouldBe(2);
    }

    [Fact]
    public void Delegating_from_a_work_unit_this_town_does_not_have_is_refused_and_writes_nothing()
    {
        Setup();

        var run = GtFedProcess.Run(null, Identity, "relate", "delegate", "wb-nope", "gt://bob@example.com/main-town/api/ap-1", "--town", Town);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StandardError.ShouldContain("is not a work unit of this town");
        File.Exists(Relationships).ShouldBeFalse();
    }

    [Fact]
    public void Employing_twice_writes_one_line()
    {
        Setup();
        Ok("relate", "employ", "alice@example.com", "--org", "acme.com", "--town", Town);
        Ok("relate", "employ", "alice@example.com", "--org", "acme.com", "--town", Town).StandardError.ShouldContain("Already asserted");
        File.ReadAllLines(Relationships).Length.ShouldBe(1);
    }

    [Fact]
    public void Employing_by_an_organisation_that_is_a_person_is_refused_and_writes_nothing()
    {
        // Written, the line was skipped with a warning by every later command of the town, until edited out by hand.
        Setup();

        var run = GtFedProcess.Run(null, Identity, "relate", "employ", "alice@example.com", "--org", "bob@example.com", "--town", Town);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("--org 'bob@example.com' is a person, not an organisation");
        File.Exists(Relationships).ShouldBeFalse();
        Ok("list", "--ready", "--town", Town).StandardError.ShouldNotContain("relationships.jsonl");
    }

    private Dictionary<string, string?> Identity { get; } = new() { ["BD_ACTOR"] = "gastown/crew/joe" };

    private string Setup()
    {
        Ok("init", "--town", Town, "--owner", "alice@example.com", "--name", "town");
        Ok("rig", "add", "web", "--prefix", "wb", "--town", Town);
        return Ok("create", "--title", "Login", "--rig", "web", "--town", Town).StandardOutput.Trim();
    }

    private GtFedRun Ok(params string[] args)
    {
        var run = GtFedProcess.Run(null, Identity, args);
        run.ExitCode.ShouldBe(0, $"gtfed {string.Join(' ', args)}\n{run}");
        return run;
    }

    public void Dispose() => _temp.Dispose();
}
