using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Publishes of one town started at the same moment from real, separate processes (the PublishRunner helper), each
/// naming a different rig: every publish lands with the rigs of the others, or fails cleanly with
/// <see cref="PublishConflictException"/>. 50 towns per test; the runners meet at a barrier before each town.
/// </summary>
public sealed class ConcurrentPublishTests : IDisposable
{
    private const int Towns = 50;

    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_publishes_in_separate_processes_all_land_or_fail_cleanly(int processes)
    {
        var rigs = Enumerable.Range(0, processes).Select(i => $"rig{(char)('a' + i)}").ToArray();
        var towns = Enumerable.Range(0, Towns).Select(t => _world.AddTown($"town{t}", b =>
        {
            b = b.Named($"town{t}").OwnedBy("alice@example.com");
            foreach (var rig in rigs)
            {
                b = b.WithRig(rig, rig[^1] + "x-", r => r.WithIssue(rig[^1] + "x-1", $"Work of {rig}"));
            }

            return b;
        })).ToArray();

        var runs = rigs.Select(rig => StartRunner(processes, rig, towns.Select(t => t.Root))).ToArray();
        var outputs = await Task.WhenAll(runs);

        var lines = outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        lines.Length.ShouldBe(Towns * processes, string.Join('\n', outputs));
        lines.ShouldAllBe(l => !l.Contains(" error ", StringComparison.Ordinal), "only a typed conflict may fail a publish:\n" + string.Join('\n', lines.Where(l => l.Contains(" error ", StringComparison.Ordinal))));
        foreach (var town in towns)
        {
            var landed = rigs.Where((rig, i) => outputs[i].Contains($"{town.Root} ok ", StringComparison.Ordinal)).ToArray();
            landed.ShouldNotBeEmpty();
            using var repository = new LibGit2Sharp.Repository(town.Repository.Path);
            var tip = repository.Branches[FederationRepository.PublishedBranch].Tip;
            foreach (var rig in landed)
            {
                tip[$"{rig}/mayor/rig/.beads/issues.jsonl"].ShouldNotBeNull($"{rig} reported success in {town.Root} but is not on the branch");
            }

            town.Publisher.GetPublicRigs().ShouldBe(landed.Order(StringComparer.Ordinal).ToArray(), ignoreOrder: true);
        }
    }

    [Fact]
    public async Task A_publish_that_cannot_take_the_lock_in_time_fails_with_a_typed_error_and_commits_nothing()
    {
        var town = _world.AddTown("held", b => b.Named("held").OwnedBy("alice@example.com").WithRig("riga", "ax-", r => r.WithIssue("ax-1", "Work of riga")));
        Directory.CreateDirectory(town.Repository.Path);
        var lockFile = Path.Combine(town.Repository.Path, TownPublisher.LockFileName);
        // flock(1) holds the same flock(2) lock another publishing process would hold.
        using var holder = Process.Start(new ProcessStartInfo("flock", [lockFile, "-c", "echo held; sleep 30"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        (await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken)).ShouldBe("held");
        try
        {
            var error = await Should.ThrowAsync<PublishConflictException>(() => town.Publisher.PublishAsync(
                new PublishOptions { Rigs = ["riga"], Actor = "mayor", Owner = "alice@example.com", LockTimeout = TimeSpan.FromMilliseconds(300) }, TestContext.Current.CancellationToken));

            error.Message.ShouldContain("nothing was committed");
            GitCli.TryRun(town.Repository.Path, "rev-parse", "--verify", FederationRepository.PublishedBranch).ExitCode.ShouldNotBe(0);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> StartRunner(int processes, string rig, IEnumerable<string> townRoots)
    {
        using var process = HelperProgram.Start("GasTown.Federation.PublishRunner", ["publish", processes.ToString(System.Globalization.CultureInfo.InvariantCulture), rig, .. townRoots]);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, await error);
        return await output;
    }
}
