using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GasTown.Federation.GitTransport;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests.Remotes;

public sealed class GitUrlProbeTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-probe");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repository_with_the_published_branch_reports_its_tip()
    {
        var repo = _temp.Combine("repo");
        Directory.CreateDirectory(repo);
        GitCli.Run(repo, "init", "-q");
        File.WriteAllText(Path.Combine(repo, "f"), "x");
        GitCli.Run(repo, "add", "f");
        GitCli.Run(repo, "commit", "-q", "-m", "one");
        GitCli.Run(repo, "branch", "gt/published");
        var tip = GitCli.Run(repo, "rev-parse", "HEAD").Trim();

        var found = await GitUrlProbe.ProbeAsync(repo, FederationRepository.PublishedBranch, cancellationToken: Ct);
        var other = await GitUrlProbe.ProbeAsync(repo, "nope", cancellationToken: Ct);

        (found.IsRepository, found.BranchTip, found.Problem).ShouldBe((true, tip, null));
        (other.IsRepository, other.BranchTip).ShouldBe((true, null));
    }

    [Fact]
    public async Task A_folder_that_is_no_repository_says_what_git_said()
    {
        var result = await GitUrlProbe.ProbeAsync(_temp.Path, cancellationToken: Ct);

        result.IsRepository.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("not");
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_ends_at_the_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync(Ct);
        var clock = Stopwatch.StartNew();

        var result = await GitUrlProbe.ProbeAsync($"git://127.0.0.1:{port}/repo.git", timeout: TimeSpan.FromSeconds(2), cancellationToken: Ct);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        result.IsRepository.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("no answer within 2 s");
        (await accepted).Dispose();
    }

    public void Dispose() => _temp.Dispose();
}
