using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// Packs the eight packages into a local folder feed, then builds and runs a consumer project that
/// references them by package id, outside this repository's build settings, as a user would.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string[] Packages =
    [
        "GasTown.Federation.Uri",
        "GasTown.Federation.Model",
        "GasTown.Federation.Provenance",
        "GasTown.Federation.Identity",
        "GasTown.Federation.GitTransport",
        "GasTown.Federation.Query",
        "GasTown.Federation.Index",
        "GasTown.Federation.Hosting",
    ];

    private readonly TempDirectory _temp = new("gtfed-pack");

    [Fact]
    public void The_eight_packages_restore_build_and_run_in_a_consumer_project()
    {
        var repo = RepositoryRoot.Find();
        var feed = _temp.Combine("feed");
        var version = PackWithGitVersion(repo, feed, Packages.Select(p => Path.Combine(repo, "src", p, p + ".csproj")).ToArray());
        foreach (var package in Packages)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
            nupkg.GetEntry("icon.png").ShouldNotBeNull($"{package} has no icon");
            Nuspec(nupkg).ShouldContain("<icon>icon.png</icon>");
        }

        var consumer = _temp.Combine("consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var references = string.Join("\n", Packages.Select(p => $"""    <PackageReference Include="{p}" Version="{version}" />"""));
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using GasTown.Federation;
            using GasTown.Federation.GitTransport;
            using GasTown.Federation.Hosting;
            using GasTown.Federation.Model;
            using GasTown.Federation.Provenance;
            using GasTown.Federation.Query;
            using Microsoft.Extensions.DependencyInjection;

            var town = args[0];
            await new TownMetadata("town", "alice@example.com", null, BeadsTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch)).SaveAsync(town);
            var services = new ServiceCollection()
                .AddGasTownFederation(o => o.TownRoot = town).AddProvenance().AddGitTransport().AddQuery().Services;
            using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            provider.GetRequiredService<RemoteRegistry>().Add("acme", town, GtUri.Parse("gt://acme.com/engineering"));
            var uri = GtUri.Parse("gt://steve@example.com/main-town/gastown/gt-xyz");
            Console.WriteLine($"{uri.Entity}|{uri.Chain}|{uri.Rig}|{uri.WorkId}|{provider.GetRequiredService<RemoteRegistry>().List().Count}|{provider.GetRequiredService<FederationQueries>() is not null}");
            await using var opened = Town.Open(town);
            Console.WriteLine($"{opened.Chain}|{opened.Remotes.List().Count}");
            """);

        var townDir = _temp.Combine("town");
        Directory.CreateDirectory(townDir);
        var output = Dotnet(consumer, "run", "--", townDir);
        var lines = output.Trim().Split('\n');
        lines[^2].ShouldBe("steve@example.com|main-town|gastown|gt-xyz|1|True");
        lines[^1].ShouldBe("gt://alice@example.com/town|1");
    }

    [Fact]
    public void The_gtfed_tool_package_is_lean_precompiled_per_platform_and_installs_as_the_readme_says()
    {
        var repo = RepositoryRoot.Find();
        var feed = _temp.Combine("tool-feed");
        var version = PackWithGitVersion(repo, feed, Path.Combine(repo, "samples", "GtFed", "GtFed.csproj"));

        // The package users name (GtFed) carries the metadata and points at one package per platform; "any" is the
        // portable fallback for the platforms without their own.
        using (var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"GtFed.{version}.nupkg")))
        {
            nupkg.Entries.Select(e => e.FullName).ShouldContain("icon.png");
            var nuspec = Nuspec(nupkg);
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
            IsReadyToRun(tool).ShouldBe(rid != "any", $"gtfed.dll of GtFed.{rid}");
        }

        // The README's line, with --tool-path instead of -g so that the test leaves the machine as it was.
        var tools = _temp.Combine("tools");
        Dotnet(_temp.Path, "tool", "install", "GtFed", "--prerelease", "--add-source", feed, "--tool-path", tools);
        var gtfed = Path.Combine(tools, "gtfed");
        var start = new ProcessStartInfo(gtfed, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(TimeSpan.FromMinutes(1)).ShouldBeTrue();
        process.ExitCode.ShouldBe(0);
        output.ShouldStartWith(version);

        // On this platform the installer picked the precompiled package, not the portable one.
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            var installed = Directory.GetFiles(tools, "gtfed.dll", SearchOption.AllDirectories).ShouldHaveSingleItem();
            installed.ShouldContain("linux-x64");
            using var stream = File.OpenRead(installed);
            IsReadyToRun(stream).ShouldBeTrue();
        }
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
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
    private static bool IsReadyToRun(Stream assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(assembly, System.Reflection.PortableExecutable.PEStreamOptions.LeaveOpen);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>
    /// Packs with the version MinVer takes from git, under a pre-release label of this run's own (so a NuGet cache
    /// never serves an older build), and returns it: 0.1.0-e2e.TIMESTAMP.HEIGHT with no tag, the same for every project.
    /// </summary>
    private static string PackWithGitVersion(string repo, string feed, params string[] projects)
    {
        var label = "e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in projects)
        {
            Dotnet(repo, "pack", project, "-c", "Release", "-o", feed, "--no-restore", $"-p:MinVerDefaultPreReleaseIdentifiers={label}");
        }

        var versions = Directory.GetFiles(feed, "*.nupkg")
            .Select(f => Regex.Match(Path.GetFileName(f), @"^[A-Za-z.]+?\.(\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?)\.nupkg$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        var version = versions.ShouldHaveSingleItem();
        // MinVer's form with no release tag yet: the label, then the height (commits since the root), from git.
        version.ShouldMatch($@"^\d+\.\d+\.\d+-{Regex.Escape(label)}\.\d+$");
        return version;
    }

    private static string Nuspec(ZipArchive nupkg)
    {
        using var reader = new StreamReader(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    private static string Dotnet(string workingDirectory, params string[] arguments)
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

    public void Dispose() => _temp.Dispose();
}
