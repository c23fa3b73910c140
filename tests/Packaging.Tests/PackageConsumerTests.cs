using System.IO.Compression;
using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace Packaging.Tests;

/// <summary>
/// Packs the eight packages into a local folder feed (one <c>dotnet pack</c> of <c>Federation.Sdk.Packages.slnf</c>), then
/// builds and runs a consumer project that references them by package id, outside this repository's build settings, as a
/// user would.
/// </summary>
[Collection(PackageFeed.Collection)]
public sealed class PackageConsumerTests(PackedFeeds packs) : IDisposable
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
    public void The_packages_filter_names_every_project_under_src_and_nothing_else()
    {
        // The filter is written by hand: a package added under src and not to it would go unpacked, and untested here.
        var repo = RepositoryRoot.Path;
        using var filter = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, PackageFeed.PackagesFilter)));
        var listed = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray()
            .Select(p => p.GetString()!.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var projects = Directory.GetFiles(Path.Combine(repo, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(repo, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        listed.ShouldBe(projects);
        projects.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ShouldBe(Packages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_eight_packages_restore_build_and_run_in_a_consumer_project()
    {
        var (feed, version, _) = packs.Packages;

        // The filter packs the eight and nothing else (a package added to src must be added to it, and here).
        Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(Packages.Select(p => $"{p}.{version}.nupkg").Order(StringComparer.Ordinal));
        foreach (var package in Packages)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
            nupkg.GetEntry("icon.png").ShouldNotBeNull($"{package} has no icon");
            var nuspec = PackageFeed.Nuspec(nupkg);
            nuspec.ShouldContain("<icon>icon.png</icon>");
            // Each of the eight it depends on at this very version (labelled too), not an unlabelled one the feed lacks,
            // which NuGet would quietly swap for the nearest one above it.
            var dependencies = System.Text.RegularExpressions.Regex.Matches(nuspec, @"<dependency id=""(GasTown\.Federation\.[A-Za-z]+)"" version=""([^""]+)""")
                .Select(m => (Id: m.Groups[1].Value, Version: m.Groups[2].Value)).ToList();
            dependencies.ShouldAllBe(d => Packages.Contains(d.Id) && d.Version == version, package);
            if (package != "GasTown.Federation.Uri")
            {
                dependencies.ShouldNotBeEmpty(package);
            }
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
        var output = PackageFeed.Dotnet(consumer, "run", "--", townDir);
        var lines = output.Trim().Split('\n');
        lines[^2].ShouldBe("steve@example.com|main-town|gastown|gt-xyz|1|True");
        lines[^1].ShouldBe("gt://alice@example.com/town|1");
    }

    public void Dispose() => _temp.Dispose();
}
