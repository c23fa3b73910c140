using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>Hostile remotes that used to cost memory in proportion to what they published, measured alone.</summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class HostileMemoryTests : IDisposable
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task An_oversize_blob_is_refused_from_its_size_without_being_read()
    {
        // 160 MB of zeros: about 160 KB in git, the shape of the issue's 1.9 GB zero blob.
        const long BlobSize = 160L * 1024 * 1024;
        var acme = HostileFederation.HandMadeAcme(_world, r => r.ZeroBlob(IssuesPath, BlobSize));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var fetched = await federation.FetchAllAsync();
        var result = await federation.AcmeAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        allocated.ShouldBeLessThan(32L * 1024 * 1024, "the blob is judged by its size, never read into memory");
        fetched.Error.ShouldNotBeNull().Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        fetched.Error.RefusalReason.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Limit.ShouldBe(ChainLimitKind.BlobSize);
        result.Message!.ShouldContain(IssuesPath);
        result.Message!.ShouldContain("MaxBlobBytes");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task One_line_repeated_past_the_work_unit_limit_is_refused_before_it_is_parsed()
    {
        // The issue's bomb: one line repeated (here 600,000 times, 16 MB); parsed, it was gigabytes.
        const string Line = "{\"id\":\"ac-1\",\"title\":\"x\"}\n";
        var file = _world.Temp.Combine("bomb.jsonl");
        using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < 600_000; i++)
            {
                writer.Write(Line);
            }
        }

        var blobSize = new FileInfo(file).Length;
        var acme = HostileFederation.HandMadeAcme(_world, r => r.BlobFrom(IssuesPath, file));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var fetched = await federation.FetchAllAsync();
        var result = await federation.AcmeAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // The blob is read (twice: the fetch's judgement, then the query's), but never parsed into work units: parsed,
        // 600,000 records and their duplicate-id diagnostics cost several hundred bytes each, far beyond this bound.
        allocated.ShouldBeLessThan(8 * blobSize, $"allocated {allocated:N0} bytes for a {blobSize:N0}-byte blob");
        fetched.Error.ShouldNotBeNull().RefusalReason.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Limit.ShouldBe(ChainLimitKind.WorkUnits);
        await federation.OthersAnswerAsync();
    }
}

/// <summary>Memory measurements run alone: GC.GetTotalAllocatedBytes counts every thread of the process.</summary>
[CollectionDefinition(nameof(HostileMemoryCollection), DisableParallelization = true)]
public sealed class HostileMemoryCollection;
