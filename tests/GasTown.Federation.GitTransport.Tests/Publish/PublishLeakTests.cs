using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// The publish leaks of issue 11, each reproduced against the old publisher: links to the town and into private
/// rigs, unnormalised private routes, hard links, and a link/file swap raced against repeated publishes.
/// </summary>
public sealed class PublishLeakTests : IDisposable
{
    private const string Secret = "Top secret merger plan";
    private const string TownChore = "Private town chore";

    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown Town(string? secretPath = null, string pubRoute = "{\"prefix\":\"pb-\",\"path\":\"pub/mayor/rig\"}") => _world.AddTown("alice", b => b
        .Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work"))
        .WithRig("secret", "sc-", rig => rig.WithIssue("sc-1", Secret), secretPath)
        .WithTownBeads(hq => hq.WithIssue("hq-1", TownChore))
        .WithRouteLine(pubRoute));

    private static bool HasPublishedBranch(TestTown town)
        => Directory.Exists(town.Repository.Path) && GitCli.TryRun(town.Repository.Path, "rev-parse", "--verify", FederationRepository.PublishedBranch).ExitCode == 0;

    /// <summary>Every object in the federation repository, reachable or not, as text: one git process.</summary>
    internal static string EveryObject(TestTown town)
    {
        town.Repository.EnsureCreated();
        return GitCli.Run(town.Repository.Path, "cat-file", "--batch-all-objects", "--batch", "--unordered");
    }

    /// <summary>ln(1): .NET has no API for link(2).</summary>
    private static void HardLink(string existing, string newName)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln", [existing, newName]) { UseShellExecute = false }) ?? throw new InvalidOperationException("could not start ln");
        ln.WaitForExit();
        ln.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_rig_folder_linked_to_the_town_root_is_refused_and_town_beads_stay_private()
    {
        var town = Town(pubRoute: "{\"prefix\":\"pb-\",\"path\":\"pub\"}");
        Directory.CreateSymbolicLink(town.Built.PathOf("pub"), ".");

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("pub"));

        error.Message.ShouldContain("symbolic link");
        error.Message.ShouldContain("'pub'");
        HasPublishedBranch(town).ShouldBeFalse();
        EveryObject(town).ShouldNotContain(TownChore);
    }

    [Theory]
    [InlineData("./secret/mayor/rig")]
    [InlineData("secret/mayor/rig/")]
    [InlineData("secret//mayor/./rig")]
    public async Task An_unnormalised_private_route_stays_private_and_a_link_to_it_is_refused(string secretPath)
    {
        var town = Town(secretPath);
        Directory.CreateSymbolicLink(town.Built.PathOf("pub"), "secret");

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("pub"));
        var published = await town.PublishAsync("gastown");

        error.Message.ShouldContain("symbolic link");
        published.PublicRigs.ShouldBe(["gastown"]);
        published.Paths.ShouldNotContain(p => p.StartsWith("secret", StringComparison.Ordinal) || p.StartsWith("pub", StringComparison.Ordinal));
        EveryObject(town).ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_hard_link_from_a_public_rig_to_a_private_rigs_issues_is_refused()
    {
        var town = Town();
        var pubIssues = town.Built.PathOf("pub/mayor/rig/.beads/issues.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(pubIssues)!);
        HardLink(town.Built.IssuesPathOf("secret"), pubIssues);

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync("pub"));

        error.Message.ShouldContain("hard links");
        EveryObject(town).ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_link_swapped_with_a_file_during_repeated_publishes_never_publishes_the_private_file()
    {
        var town = Town();
        var beads = town.Built.PathOf("pub/mayor/rig/.beads");
        Directory.CreateDirectory(beads);
        var issues = Path.Combine(beads, "issues.jsonl");
        var file = Path.Combine(beads, "as-file");
        var link = Path.Combine(beads, "as-link");
        var hardLink = Path.Combine(beads, "as-hard-link");
        File.WriteAllText(issues, "{\"id\":\"pb-1\",\"title\":\"Public pub work\"}\n");
        await town.PublishAsync("pub");

        using var stop = new CancellationTokenSource();
        var swaps = 0;
        // A thread of its own: under a loaded thread pool a task might not run until the publishes are over.
        var swapper = new Thread(() =>
        {
            // rename(2) replaces the name atomically: the publisher sees a file, a link to secret's issues, or a
            // second name of secret's issues, never a missing file.
            var secretIssues = town.Built.IssuesPathOf("secret");
            while (!stop.IsCancellationRequested)
            {
                // Prepare all three, then hold each state for a moment.
                File.Delete(hardLink);
                HardLink(secretIssues, hardLink);
                File.Delete(link);
                File.CreateSymbolicLink(link, secretIssues);
                File.WriteAllText(file, "{\"id\":\"pb-1\",\"title\":\"Public pub work " + swaps + "\"}\n");
                File.Move(file, issues, overwrite: true);
                Thread.Sleep(1);
                File.Move(link, issues, overwrite: true);
                Thread.Sleep(1);
                File.Move(hardLink, issues, overwrite: true);
                Thread.Sleep(1);
                Interlocked.Increment(ref swaps);
            }
        });
        swapper.Start();
        SpinWait.SpinUntil(() => Volatile.Read(ref swaps) > 0, TimeSpan.FromSeconds(10));

        var published = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        // 300 publishes, or 20 s once the race was really run (enough publishes, swaps, and both outcomes seen);
        // on a loaded machine it runs on, up to 2 minutes, rather than pass or fail without having raced (a starved
        // swapper thread could see 300 publishes go by with only a few swaps).
        bool Raced(int attempts) => attempts > 50 && Volatile.Read(ref swaps) > 10 && published > 0 && refused > 0;
        for (var attempt = 0; (attempt < 300 || !Raced(attempt)) && (clock.Elapsed < TimeSpan.FromSeconds(20) || !Raced(attempt)) && clock.Elapsed < TimeSpan.FromMinutes(2); attempt++)
        {
            try
            {
                await town.PublishAsync();
                published++;
            }
            catch (PublishException)
            {
                refused++;
            }
        }

        await stop.CancelAsync();
        swapper.Join();

        (published + refused).ShouldBeGreaterThan(50);
        swaps.ShouldBeGreaterThan(10);
        published.ShouldBeGreaterThan(0);
        refused.ShouldBeGreaterThan(0);
        EveryObject(town).ShouldNotContain(Secret);
    }
}
