using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// Packs the six packages into a local folder feed, then builds and runs a consumer project that
/// references them by package id, outside this repository's build settings, as a user would.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string[] Packages =
    [
        "GasTown.Federation.Uri",
        "GasTown.Federation.Model",
        "GasTown.Federation.Provenance",
        "GasTown.Federation.GitTransport",
        "GasTown.Federation.Query",
        "GasTown.Federation.Hosting",
    ];

    private readonly TempDirectory _temp = new("gtfed-pack");

    [Fact]
    public void The_six_packages_restore_build_and_run_in_a_consumer_project()
    {
        var repo = RepositoryRoot.Find();
        var feed = _temp.Combine("feed");
        // A version of its own per run: the global packages folder would otherwise serve a stale copy.
        var suffix = "e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var package in Packages)
        {
            Dotnet(repo, "pack", Path.Combine(repo, "src", package, package + ".csproj"), "-c", "Release", "-o", feed, "--no-restore", $"-p:VersionSuffix={suffix}");
        }

        var nupkgs = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
        foreach (var package in Packages)
        {
            nupkgs.ShouldContain($"{package}.0.1.0-{suffix}.nupkg");
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
        var references = string.Join("\n", Packages.Select(p => $"""    <PackageReference Include="{p}" Version="0.1.0-{suffix}" />"""));
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
