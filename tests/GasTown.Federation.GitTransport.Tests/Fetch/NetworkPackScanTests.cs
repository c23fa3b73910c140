using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// GitTransportOptions.MaxFetchObjectBytes over git://: the pack a network remote sent is read before libgit2 rebuilds its
/// deltas (each result whole in memory), and an object declaring more than the budget is refused as a local one is.
/// </summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class NetworkPackScanTests : IDisposable
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private const string Issue = "{\"id\":\"ac-1\",\"title\":\"Honest work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n";
    private const long Budget = 4L * 1024 * 1024;
    private const int BlobSize = 6 * 1024 * 1024;
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_delta_pair_over_the_budget_is_refused_before_its_deltas_are_rebuilt()
    {
        var blob = new byte[BlobSize];
        new Random(3).NextBytes(blob);
        var other = (byte[])blob.Clone();
        other[^1] ^= 0xff;
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue).WriteBytes("junk/a.bin", blob).WriteBytes("junk/b.bin", other));
        GitCli.Run(acme.Path, "repack", "-adf");
        GitCli.Run(acme.Path, "verify-pack", "-v", Directory.GetFiles(Path.Combine(acme.Path, ".git", "objects", "pack"), "*.idx").Single())
            .ShouldContain("chain length = 1", customMessage: "one blob is stored as a delta of the other");
        using var daemon = GitDaemon.Start(_world.Temp.Path);
        using var federation = await HostileFederation.CreateAsync(_world, daemon.UrlOf(acme.Path), configure: o => o.MaxFetchObjectBytes = Budget);

        var fetched = await federation.FetchAllAsync();

        var error = fetched.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded);
        var breach = error.Budget.ShouldNotBeNull();
        breach.Kind.ShouldBe(FetchBudgetKind.ObjectSize);
        breach.Option.ShouldBe("GitTransportOptions.MaxFetchObjectBytes");
        breach.Maximum.ShouldBe(Budget);
        breach.Actual.ShouldBe(BlobSize);
        error.Message.ShouldContain("6,291,456 bytes (entry ");
        error.Message.ShouldContain("raise GitTransportOptions.MaxFetchObjectBytes");
        NothingKept(federation, acme.Path);
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task An_object_over_the_budget_over_git_daemon_is_refused()
    {
        var zeros = new byte[BlobSize];
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue).WriteBytes("junk/zeros.bin", zeros));
        using var daemon = GitDaemon.Start(_world.Temp.Path);
        using var federation = await HostileFederation.CreateAsync(_world, daemon.UrlOf(acme.Path), configure: o => o.MaxFetchObjectBytes = Budget);

        var fetched = await federation.FetchAllAsync();

        var error = fetched.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded);
        error.Budget.ShouldBe(new FetchBudgetBreach(FetchBudgetKind.ObjectSize, "GitTransportOptions.MaxFetchObjectBytes", Budget, BlobSize, null));
        NothingKept(federation, acme.Path);
        await federation.OthersAnswerAsync();
    }

    [Theory]
    [InlineData("git")]
    [InlineData("http")]
    public async Task A_fetch_with_deltas_under_the_budget_still_works(string transport)
    {
        // Each entry is read as libgit2 reports it received: over smart HTTP too, in chunks, with many small objects.
        var blob = new byte[1024 * 1024];
        new Random(5).NextBytes(blob);
        var other = (byte[])blob.Clone();
        other[0] ^= 0xff;
        var acme = HostileFederation.HandMadeAcme(_world, r =>
        {
            r.Write(IssuesPath, Issue).WriteBytes("junk/a.bin", blob).WriteBytes("junk/b.bin", other);
            for (var i = 0; i < 300; i++)
            {
                r.Write($"notes/n{i}.txt", $"note {i}: " + new string((char)('a' + i % 26), 500 + i));
            }
        });
        GitCli.Run(acme.Path, "repack", "-adf");
        using var daemon = GitDaemon.Start(_world.Temp.Path);
        using var http = new GitHttpBackend(_world.Temp.Path);
        var url = transport == "http" ? http.UrlOf(Path.Combine(acme.Path, ".git")) : daemon.UrlOf(acme.Path);
        using var federation = await HostileFederation.CreateAsync(_world, url, configure: o => o.MaxFetchObjectBytes = Budget);

        var fetched = await federation.FetchAllAsync();

        fetched.Error.ShouldBeNull();
        var acmeChain = await federation.AcmeAsync();
        acmeChain.Chain.ShouldNotBeNull(acmeChain.Message).TryGetWorkUnit("ac-1", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("git")]
    [InlineData("http")]
    public async Task An_honest_pack_that_arrives_in_two_parts_split_inside_an_object_is_accepted(string transport)
    {
        // What libgit2 reports received is written: a pack held up halfway through an object is read as far as it has come,
        // and the rest once it comes, never refused as cut off (the pack scan fails closed on a pack it cannot read).
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the hook is a shell script");
        var blob = new byte[200_000];
        new Random(11).NextBytes(blob);
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue).WriteBytes("junk/random.bin", blob));
        var hook = _world.Temp.Combine("slow-hook.sh");
        File.WriteAllText(hook, "#!/bin/sh\n\"$@\" | { dd bs=1 count=100000 2>/dev/null; sleep 1; cat; }\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var daemon = GitDaemon.Start(_world.Temp.Path, hook);
        using var http = new GitHttpBackend(_world.Temp.Path, hook);
        var url = transport == "http" ? http.UrlOf(Path.Combine(acme.Path, ".git")) : daemon.UrlOf(acme.Path);
        using var federation = await HostileFederation.CreateAsync(_world, url, configure: o => o.MaxFetchObjectBytes = Budget);

        var fetched = await federation.FetchAllAsync();

        fetched.Error.ShouldBeNull(fetched.Error?.Message);
        var acmeChain = await federation.AcmeAsync();
        acmeChain.Chain.ShouldNotBeNull(acmeChain.Message).TryGetWorkUnit("ac-1", out _).ShouldBeTrue();
    }

    private static void NothingKept(HostileFederation federation, string acme)
    {
        var head = GitCli.Run(acme, "rev-parse", "HEAD").Trim();
        federation.Alice.Repository.Use(repo => repo.Refs.Any(r => r.CanonicalName.Contains("acme", StringComparison.Ordinal))).ShouldBeFalse();
        federation.Alice.Repository.Use(repo => repo.ObjectDatabase.Contains(new LibGit2Sharp.ObjectId(head))).ShouldBeFalse();
        var pack = Path.Combine(federation.Alice.Repository.Path, "objects", "pack");
        Directory.GetFiles(pack).Where(f => Path.GetExtension(f) is not (".pack" or ".idx" or ".rev")).ShouldBeEmpty("no temporary pack is left");
    }
}
