using System.Diagnostics;
using System.IO.Compression;
using GasTown.Federation.TestSupport;

namespace Packaging.Tests;

/// <summary>
/// Packs the gtfed tool (its metadata package and one per platform), checks what each carries, and installs it from the
/// folder feed as the README says.
/// </summary>
[Collection(PackageFeed.Collection)]
public sealed class ToolPackageTests(PackedFeeds packs) : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-tool-pack");

    [Fact]
    public void The_gtfed_tool_package_is_lean_precompiled_per_platform_and_installs_as_the_readme_says()
    {
        var (feed, version, assemblyVersion) = packs.Tool;

        // The package users name (GtFed) carries the metadata and points at one package per platform; "any" is the
        // portable fallback for the platforms without their own.
        using (var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"GtFed.{version}.nupkg")))
        {
            nupkg.Entries.Select(e => e.FullName).ShouldContain("icon.png");
            var nuspec = PackageFeed.Nuspec(nupkg);
            nuspec.ShouldContain("<projectUrl>https://");
            nuspec.ShouldContain("<repository type=\"git\" url=\"https://");
            nuspec.ShouldContain("<tags>gastown ");
            nuspec.ShouldContain("<icon>icon.png</icon>");
        }

        foreach (var rid in (string[])["linux-x64", "win-x64", "osx-arm64", "any"])
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"GtFed.{rid}.{version}.nupkg"));
            var files = nupkg.Entries.Select(e => e.FullName).ToList();
            files.Where(f => f.EndsWith(".pdb", StringComparison.Ordinal)).ShouldBeEmpty(rid);
            files.Where(f => f.EndsWith(".xml", StringComparison.Ordinal) && !f.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal) && f != "[Content_Types].xml").ShouldBeEmpty(rid);
            var tool = nupkg.Entries.Single(e => e.FullName == $"tools/net10.0/{rid}/gtfed.dll");
            PackageFeed.IsReadyToRun(tool).ShouldBe(rid != "any", $"gtfed.dll of GtFed.{rid}");
        }

        // The README's line, with --tool-path instead of -g so that the test leaves the machine as it was.
        var tools = _temp.Combine("tools");
        PackageFeed.Dotnet(_temp.Path, "tool", "install", "GtFed", "--prerelease", "--add-source", feed, "--tool-path", tools);
        var gtfed = Path.Combine(tools, "gtfed");
        var start = new ProcessStartInfo(gtfed, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(TimeSpan.FromMinutes(1)).ShouldBeTrue();
        process.ExitCode.ShouldBe(0);
        output.ShouldStartWith(assemblyVersion);

        // On this platform the installer picked the precompiled package, not the portable one.
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            var installed = Directory.GetFiles(tools, "gtfed.dll", SearchOption.AllDirectories).ShouldHaveSingleItem();
            installed.ShouldContain("linux-x64");
            using var stream = File.OpenRead(installed);
            PackageFeed.IsReadyToRun(stream).ShouldBeTrue();
        }
    }

    public void Dispose() => _temp.Dispose();
}
