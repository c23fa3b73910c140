using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// <c>dotnet GtWeb.dll --help</c> (GtWeb's own build, run as a user runs it) prints what GtWeb reads and exits 0 without
/// serving, whatever else is given: alone it failed for want of a town (exit 2), and beside <c>--town</c> it was ignored
/// and the server started.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-help");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void The_help_alone_prints_the_usage_and_exits_0(string help)
    {
        var (exitCode, output, error) = Run(_temp.Path, help);

        exitCode.ShouldBe(0, error);
        AssertUsage(output);
        error.ShouldBeEmpty();
    }

    [Fact]
    public void The_help_beside_a_town_and_urls_prints_the_usage_and_does_not_serve()
    {
        var town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("owner@example.com").WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Work")).Build();

        var (exitCode, output, error) = Run(_temp.Path, "--town", town.Root, "--urls", "http://127.0.0.1:0", "--help");

        exitCode.ShouldBe(0, error);
        AssertUsage(output);
        output.ShouldNotContain("Now listening on");
    }

    [Fact]
    public void The_town_the_help_says_the_environment_names_is_the_one_gtweb_opens()
    {
        // The help names ASPNETCORE_TOWN (the host reads it as the town key, as it reads --town); it did not say so.
        var missing = _temp.Combine("no-such-town");

        var (exitCode, output, error) = Run(_temp.Path, [("ASPNETCORE_TOWN", missing)], "--urls", "http://127.0.0.1:0");

        exitCode.ShouldBe(2, output);
        error.ShouldContain($"Opening the town at {missing} failed: the folder does not exist.");
        Run(_temp.Path, "--help").Output.ShouldContain("ASPNETCORE_TOWN   The town to serve when --town is not given.");
    }

    public void Dispose() => _temp.Dispose();

    private static void AssertUsage(string output)
    {
        output.ShouldContain("Usage:");
        output.ShouldContain("--town DIR");
        output.ShouldContain("--urls URLS");
        output.ShouldContain("ASPNETCORE_URLS");
        output.ShouldContain("--help");
    }

    /// <summary>Runs the built GtWeb.dll with <paramref name="args"/>; a GtWeb that serves instead of exiting is killed and fails the test.</summary>
    private static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] args) => Run(workingDirectory, [], args);

    /// <summary>Runs the built GtWeb.dll with <paramref name="args"/> and <paramref name="environment"/> set.</summary>
    private static (int ExitCode, string Output, string Error) Run(string workingDirectory, (string Name, string Value)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(GtWebServer.BuiltDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ShouldAssertException($"GtWeb {string.Join(' ', args)} did not exit: it served.\n{output.Result}\n{error.Result}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
