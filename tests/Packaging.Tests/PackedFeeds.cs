using GasTown.Federation.TestSupport;

namespace Packaging.Tests;

/// <summary>
/// The packs of one test run, each made once on first use: the eight packages (one feed) and the gtfed tool (another),
/// under one label of the run. The tool's pack builds the packages' projects in Release as its references; the other pack
/// finds that build current and only packs. The label marks the package versions alone, so the build is also the one
/// CI's pack of the same commit finds current.
/// </summary>
public sealed class PackedFeeds : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-packs");
    private readonly Lazy<PackedFeed> _packages;
    private readonly Lazy<PackedFeed> _tool;

    public PackedFeeds()
    {
        var label = "e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var repo = RepositoryRoot.Path;
        _packages = new(() => Pack(repo, _temp.Combine("feed"), Path.Combine(repo, PackageFeed.PackagesFilter), label));
        _tool = new(() => Pack(repo, _temp.Combine("tool-feed"), Path.Combine(repo, "samples", "GtFed", "GtFed.csproj"), label));
    }

    /// <summary>The eight packages, packed by <see cref="PackageFeed.PackagesFilter"/> alone into a feed of their own.</summary>
    internal PackedFeed Packages => _packages.Value;

    /// <summary>The gtfed tool (its metadata package and one per platform), alone in a feed of its own.</summary>
    internal PackedFeed Tool => _tool.Value;

    private static PackedFeed Pack(string repo, string feed, string project, string label) =>
        PackageFeed.PackWithGitVersion(repo, feed, project, label);

    public void Dispose() => _temp.Dispose();
}
