using GasTown.Federation.GitTransport;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// libgit2 keeps a pack file mapped for as long as a repository that read from it lives. The index reads every fetched
/// chain through the town's shared handle (its tree and small files) and a private one (its blobs); a pass that kept the
/// shared handle open held the pages of every remote's pack it had read, so its memory grew with the federation
/// (100 remotes of 10k issues: 118 MB peak, 92 MB of it file-backed; 54 MB once closed). After a pass no pack is left mapped.
/// </summary>
public sealed class MappedPackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Indexing_every_remote_leaves_no_pack_of_the_federation_repository_open()
    {
        using var federation = new ChainsFederation(3, rig: (i, r) => r.WithIssue($"c{i}-1", $"Work of remote {i}").WithIssue($"c{i}-2", "More"));
        await federation.ConnectAsync(Ct);
        var packs = Path.Combine(federation.Observer.PathOf("federation/git"), "objects", "pack");
        Directory.EnumerateFiles(packs, "*.pack").Count().ShouldBeGreaterThanOrEqualTo(3, "each fetch wrote a pack");

        await using var town = federation.OpenObserver();
        var refreshed = await town.Index.RebuildAsync(cancellationToken: Ct);
        refreshed.Chains.Count(c => c.Units == 2).ShouldBe(3, "every remote was read from its pack");

        var repository = town.Services.GetRequiredService<FederationRepository>();
        repository.IsOpen.ShouldBeFalse("the shared handle that read the trees is closed after each chain");
        if (OperatingSystem.IsLinux())
        {
            // What the process really holds: no mapping of any of the observer's pack files.
            MappedFiles.Under(packs).ShouldBeEmpty();

            // The control: a commit read through the shared handle maps its pack, and the same match finds it.
            repository.Use(repo => repo.Refs.Select(r => r.ResolveToDirectReference()?.Target).OfType<LibGit2Sharp.Commit>().First().Tree.Count);
            MappedFiles.Under(packs).ShouldNotBeEmpty("reading a commit maps its pack");
            repository.ReleasePacks();
        }

        // Closed handles are opened again: the queries after the pass still read git where they need it.
        (await town.Queries.ShowAsync(ChainsFederation.UnitOf(1, 2), Ct)).WorkUnit.Title.ShouldBe("More");
        federation.AssertIndexNeverFailed();
    }
}
