using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// show and dependents print a dependency's type in a column before the URI; a type as long as the column or longer
/// (upstream's own "discovered-from", or any type a remote writes) still leaves a space before the URI.
/// </summary>
public sealed class DependencyTypeColumnTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-dependency-column");
    private readonly BuiltTown _town;

    public DependencyTypeColumnTests()
    {
        _town = TownBuilder.At(_temp.Combine("town")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "The target")
                .WithIssue("gt-2", "Found while fixing it", i => i.DependsOn("gt-1", "discovered-from"))
                .WithIssue("gt-3", "A remote's own type", i => i.DependsOn("gt-1", "delegated-from-far-away")))
            .Build();
    }

    [Fact]
    public void Show_leaves_a_space_between_a_long_type_and_the_uri()
    {
        var run = GtFedProcess.Run("show", "gt-2", "--town", _town.Root);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain("  discovered-from gt://alice@example.com/", Case.Sensitive, run.ToString());
    }

    [Fact]
    public void Dependents_leaves_a_space_between_a_long_type_and_the_uri()
    {
        var run = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain("  discovered-from gt://alice@example.com/", Case.Sensitive, run.ToString());
        run.StandardOutput.ShouldContain("  delegated-from-far-away gt://alice@example.com/", Case.Sensitive, run.ToString());
    }

    public void Dispose() => _temp.Dispose();
}
