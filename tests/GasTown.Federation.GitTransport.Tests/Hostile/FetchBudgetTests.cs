using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A fetch's budgets (GitTransportOptions.MaxFetchObjectBytes, MaxFetchBytes): a remote over them is not fetched, says
/// which budget and its value, leaves nothing behind, and the other remotes still fetch and answer.
/// </summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class FetchBudgetTests : IDisposable
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private const string Issue = "{\"id\":\"ac-1\",\"title\":\"Honest work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n";
    private const long Budget = 16L * 1024 * 1024;
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_compression_bomb_at_a_path_the_chain_never_reads_is_refused_before_it_is_inflated()
    {
        // The trial's bomb, smaller: 64 MB of zeros (about 64 KB in git) at a path no route names, against a 16 MB budget.
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path, configure: o => o.MaxFetchObjectBytes = Budget);
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();
        var before = State(federation);

        acme.ZeroBlob("junk/zeros.bin", 64L * 1024 * 1024).Commit("a bomb beside the chain");
        var bomb = GitCli.Run(acme.Path, "rev-parse", "HEAD:junk/zeros.bin").Trim();
        var fetched = await federation.FetchAllAsync();

        var error = fetched.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded);
        error.Budget.ShouldBe(new FetchBudgetBreach(FetchBudgetKind.ObjectSize, "GitTransportOptions.MaxFetchObjectBytes", Budget, 64L * 1024 * 1024, bomb));
        error.Message.ShouldContain("67,108,864 bytes");
        error.Message.ShouldContain("16,777,216 bytes");
        error.Message.ShouldContain("raise GitTransportOptions.MaxFetchObjectBytes");

        // Nothing half-written: the refs, the packs and the loose objects are those of the last good fetch, without the bomb.
        State(federation).ShouldBe(before);
        federation.Alice.Repository.Use(repo => repo.ObjectDatabase.Contains(new LibGit2Sharp.ObjectId(bomb))).ShouldBeFalse();
        var acmeChain = await federation.AcmeAsync();
        acmeChain.Chain.ShouldNotBeNull(acmeChain.Message).TryGetWorkUnit("ac-1", out _).ShouldBeTrue();
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_remote_that_sends_more_than_the_receive_budget_is_stopped_and_nothing_is_kept()
    {
        var noise = new byte[256 * 1024];
        new Random(7).NextBytes(noise);
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, Issue).WriteBytes("junk/noise.bin", noise));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path, configure: o => o.MaxFetchBytes = 64 * 1024);
        await federation.Fetcher.FetchAsync("bob", cancellationToken: TestContext.Current.CancellationToken);
        var before = State(federation);

        var fetched = await federation.FetchAllAsync();

        var error = fetched.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(FetchFailureKind.BudgetExceeded);
        var breach = error.Budget.ShouldNotBeNull();
        breach.Kind.ShouldBe(FetchBudgetKind.ReceivedBytes);
        breach.Option.ShouldBe("GitTransportOptions.MaxFetchBytes");
        breach.Maximum.ShouldBe(64 * 1024);
        breach.Actual.ShouldBeGreaterThan(64 * 1024);
        error.Message.ShouldContain("raise GitTransportOptions.MaxFetchBytes");
        State(federation).ShouldBe(before);
        var acmeChain = await federation.AcmeAsync();
        acmeChain.Unavailable.ShouldBe(ChainUnavailableReason.FetchFailed, "a fetch failed: not 'never fetched'");
        acmeChain.Message.ShouldStartWith("The last fetch of remote 'acme', at 2026-11-25 09:00:00Z (0 min ago), failed: Remote 'acme' was not fetched");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public void The_budgets_are_validated()
    {
        var validator = new GitTransportOptionsValidator();
        var result = validator.Validate(null, new GitTransportOptions { TownRoot = "/town", MaxFetchObjectBytes = 0, MaxFetchBytes = -1 });
        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("GitTransportOptions.MaxFetchObjectBytes must be at least 1 (bytes); it is 0.");
        result.FailureMessage.ShouldContain("GitTransportOptions.MaxFetchBytes must be at least 1 (bytes); it is -1.");
    }

    // acme's refs and every file under the object store (packs, their temporary files, loose objects).
    private static string State(HostileFederation federation)
    {
        var git = federation.Alice.Repository.Path;
        var refs = federation.Alice.Repository.Use(repo => string.Join("\n", repo.Refs.Where(r => r.CanonicalName.Contains("acme", StringComparison.Ordinal))
            .Select(r => $"{r.CanonicalName} {r.TargetIdentifier}").Order(StringComparer.Ordinal)));
        var objects = Directory.EnumerateFiles(Path.Combine(git, "objects"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(git, f)).Order(StringComparer.Ordinal);
        return refs + "\n" + string.Join("\n", objects);
    }
}
