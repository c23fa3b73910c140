using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// Issue 13, "never wait on the network unasked": a remote whose host accepts TCP and never answers (a listener on
/// 127.0.0.1 that accepts and stays silent), driven through the gtfed process with its output redirected.
/// Queries never connect; <c>fetch --timeout</c> ends on time, says so, leaves no ssh child behind, and shows progress
/// on standard error though no terminal is attached.
/// </summary>
public sealed class HangingRemoteTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-hang");
    private readonly SilentHost _silent = new();
    private readonly string _needle = "silent-remote-" + Guid.NewGuid().ToString("N")[..12];

    private string Town => _temp.Combine("town");

    private int Accepted => _silent.Accepted;

    [Fact]
    public void Queries_answer_without_connecting_to_a_never_fetched_remote()
    {
        SilentRemote();

        foreach (var args in new[] { new[] { "list", "--ready" }, ["audit", "--actor", "*"] })
        {
            var run = GtFedProcess.Run([.. args, "--town", Town]);
            run.ExitCode.ShouldBe(0, run.ToString());
        }

        // Listing that one remote alone has no answer to give: it says so, and to fetch it, without fetching.
        var remote = GtFedProcess.Run("list", "--remote", "silent", "--town", Town);
        remote.ExitCode.ShouldBe(3, remote.ToString());
        remote.StandardError.ShouldContain("gtfed fetch silent");

        Accepted.ShouldBe(0, "a query must never open a connection to a remote");
    }

    [Fact]
    public void Fetch_with_a_timeout_ends_on_time_reports_progress_and_leaves_no_child_process()
    {
        SilentRemote();
        var started = Stopwatch.StartNew();

        var run = GtFedProcess.Run("fetch", "silent", "--timeout", "2s", "--town", Town);

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
        run.ExitCode.ShouldBe(3, run.ToString());
        Accepted.ShouldBeGreaterThan(0, "the fetch did reach the silent host");
        run.StandardError.ShouldContain("fetching silent ...");
        run.StandardError.ShouldContain("did not finish within 00:00:02");
        run.StandardError.ShouldNotContain("GitTransportOptions");
        run.StandardError.ShouldNotContain("ChainFetcher");
        RunningWithNeedle().ShouldBeEmpty("no ssh … git-upload-pack outlives gtfed");
    }

    [Fact]
    public void Fetch_fetches_the_other_remotes_while_the_silent_one_waits_and_reports_each()
    {
        SilentRemote();
        var zeta = TownBuilder.At(_temp.Combine("zeta-town")).OwnedBy("zeta@example.com")
            .WithRig("api", "ap-", rig => rig.WithIssue("ap-1", "Auth API"))
            .Build().Root;
        var published = GtFedProcess.Run(zeta, new Dictionary<string, string?> { ["BD_ACTOR"] = "mayor" }, "publish", "--rig", "api", "--town", zeta, "--json");
        published.ExitCode.ShouldBe(0, published.ToString());
        var url = published.Json().GetProperty("url").GetString()!;
        GitCli.Run(Path.Combine(Town, "federation", "git"), "remote", "add", "zeta", url);
        GitCli.Run(Path.Combine(Town, "federation", "git"), "config", "remote.zeta.gtUri", "gt://zeta@example.com/zeta-town");

        var run = GtFedProcess.Run("fetch", "--timeout", "20s", "--town", Town);

        run.ExitCode.ShouldBe(3, run.ToString());
        var lines = run.StandardError.Split('\n');
        // "silent" comes first in name order; fetched one after the other, zeta would start only after its 20 s.
        int At(string start) => Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        At("fetched zeta: 1 refs updated").ShouldBeGreaterThan(-1, run.ToString());
        At("fetching zeta ...").ShouldBeLessThan(At("could not fetch silent"), run.ToString());
        At("fetched zeta: 1 refs updated").ShouldBeLessThan(At("could not fetch silent"), run.ToString());
        run.StandardError.ShouldContain("did not finish within 00:00:20");
        run.StandardOutput.IndexOf("silent", StringComparison.Ordinal).ShouldBeLessThan(run.StandardOutput.IndexOf("zeta", StringComparison.Ordinal), "results in the order asked");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("10000h")] // past what a timer waits: it failed at the fetch with .NET's "Specified argument was out of the range"
    [InlineData("2147483647h")] // past what a TimeSpan holds
    public void A_bad_timeout_is_bad_input(string timeout)
    {
        SilentRemote();
        var run = GtFedProcess.Run("fetch", "silent", "--timeout", timeout, "--town", Town);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.StandardError.ShouldContain("--timeout");
        Accepted.ShouldBe(0);
    }

    [Fact]
    public void A_timeout_in_days_is_read_as_days_and_one_too_long_is_said_to_be_too_long()
    {
        // "1d" and "99999d" were "not a duration", though --since reads days and the problem with the second is its length.
        SilentRemote();
        var tooLong = GtFedProcess.Run("fetch", "silent", "--timeout", "99999d", "--town", Town);
        tooLong.ExitCode.ShouldBe(2, tooLong.ToString());
        tooLong.StandardError.ShouldContain("is longer than the transport waits (24 days)");
        tooLong.StandardError.ShouldContain("Give at most 24d.");
        // Read as the town opens, before the remote is looked up: a name no remote has fails as not found, not as bad input.
        var oneDay = GtFedProcess.Run("fetch", "nosuch", "--timeout", "1d", "--town", Town);
        oneDay.ExitCode.ShouldBe(1, oneDay.ToString());
        oneDay.StandardError.ShouldContain("No remote named 'nosuch'");
    }

    /// <summary>A town with one remote on the silent listener, written straight into git config: <c>remote add</c> would probe it.</summary>
    private void SilentRemote()
    {
        GtFedProcess.Run("init", "--town", Town, "--owner", "alice@example.com", "--name", "town").ExitCode.ShouldBe(0);
        var git = Path.Combine(Town, "federation", "git");
        if (!Directory.Exists(git))
        {
            GitCli.Run(Town, "init", "--quiet", "--bare", git);
        }

        GitCli.Run(git, "remote", "add", "silent", _silent.SshUrl($"srv/{_needle}.git"));
        GitCli.Run(git, "config", "remote.silent.gtUri", "gt://silent.org/town");
    }

    private List<string> RunningWithNeedle()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<string> running;
        do
        {
            running = [.. Directory.EnumerateDirectories("/proc")
                .Select(d => Path.Combine(d, "cmdline"))
                .Select(f =>
                {
                    try
                    {
                        return File.ReadAllText(f).Replace('\0', ' ');
                    }
                    catch (IOException)
                    {
                        return "";
                    }
                    catch (UnauthorizedAccessException)
                    {
                        return "";
                    }
                })
                .Where(c => c.Contains(_needle, StringComparison.Ordinal))];
            if (running.Count == 0)
            {
                break;
            }

            Thread.Sleep(100);
        }
        while (DateTime.UtcNow < deadline);
        return running;
    }

    public void Dispose()
    {
        _silent.Dispose();
        _temp.Dispose();
    }
}
