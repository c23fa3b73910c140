using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Packaging.Tests;

/// <summary>Packs projects of this repository into a folder feed and reads what the packages hold, for the package tests.</summary>
internal static class PackageFeed
{
    /// <summary>The solution filter that names the eight packages, at the repository's root: one <c>dotnet pack</c> packs them all.</summary>
    public const string PackagesFilter = "Federation.Sdk.Packages.slnf";

    /// <summary>
    /// The collection of every test that packs (<see cref="PackingCollection"/>): a pack builds projects in Release into
    /// the repository's own bin and obj folders, so two at once would write over each other's outputs.
    /// </summary>
    public const string Collection = "packing";

    public static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return IsReadyToRun(copy);
    }

    // A ReadyToRun image carries native code beside its IL, announced by the CLR header's managed-native directory.
    public static bool IsReadyToRun(Stream assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(assembly, System.Reflection.PortableExecutable.PEStreamOptions.LeaveOpen);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>
    /// Packs <paramref name="project"/> (a project, or a solution filter for several) with the version MinVer takes from
    /// git, its package version labelled with <paramref name="label"/>, a label of this run's own (so a NuGet cache never
    /// serves an older build: Directory.Build.targets' PackageVersionLabel), and returns both: the package version,
    /// 0.1.0-preview.0.HEIGHT.LABEL with no tag (1.0.0-LABEL on a release tag's commit), the same for every package
    /// packed, and the version the assemblies carry (the same without the label, so the build is the one any pack of
    /// this commit makes).
    /// </summary>
    public static PackedFeed PackWithGitVersion(string repo, string feed, string project, string label)
    {
        Dotnet(repo, "pack", project, "-c", "Release", "-o", feed, "--no-restore", $"-p:PackageVersionLabel={label}");

        var versions = Directory.GetFiles(feed, "*.nupkg")
            .Select(f => Regex.Match(Path.GetFileName(f), @"^[A-Za-z.]+?\.(\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?)\.nupkg$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        var version = versions.ShouldHaveSingleItem();
        // MinVer's version from git, then the run's label: "0.1.0-preview.0.HEIGHT.LABEL" before the first release tag (or
        // after one), "1.0.0-LABEL" on a release tag's commit, "1.0.0-rc.1.LABEL" on a pre-release tag's.
        version.ShouldMatch($@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+\.|-){Regex.Escape(label)}$");
        var assemblies = version[..^(label.Length + 1)];
        version[assemblies.Length].ShouldBe(assemblies.Contains('-', StringComparison.Ordinal) ? '.' : '-');
        return new PackedFeed(feed, version, assemblies);
    }

    public static string Nuspec(ZipArchive nupkg)
    {
        using var reader = new StreamReader(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    public static string Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took over 10 minutes");
        }

        process.ExitCode.ShouldBe(0, $"dotnet {string.Join(' ', arguments)}\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
