using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Reading many files of one snapshot reads each large tree on their way once or twice, not once per file: a walk from the
/// root per file cost a remote of 20,000 rigs (a root tree of 20,000 folders) a parse of that root per rig, 270 s.
/// </summary>
public sealed class GitTreeWalkTests : IDisposable
{
    private const int Rigs = 300;

    private readonly TempDirectory _temp = new("gtfed-walk");
    private readonly FederationRepository _repository;
    private readonly string _work;

    public GitTreeWalkTests()
    {
        _repository = FederationRepository.ForTown(_temp.Combine("town"));
        _repository.EnsureCreated();
        _work = _temp.Combine("work");
        Directory.CreateDirectory(_work);
        GitCli.Run(_work, "init", "--quiet", "--initial-branch=main");
    }

    public void Dispose()
    {
        _repository.Dispose();
        _temp.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CommitAndFetch(bool addAll = true)
    {
        if (addAll)
        {
            GitCli.Run(_work, "add", "-A");
        }

        GitCli.Run(_work, "commit", "--quiet", "--allow-empty", "-m", "snapshot");
        var sha = GitCli.Run(_work, "rev-parse", "HEAD").Trim();
        GitCli.Run(_repository.Path, "fetch", "--quiet", _work, "+refs/heads/main:refs/remotes/work/main");
        return sha;
    }

    private void Write(string relativePath, string content)
    {
        var full = Path.Combine(_work, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private void WriteRigs()
    {
        for (var i = 0; i < Rigs; i++)
        {
            Write($"r{i}/.beads/issues.jsonl", $"{{\"id\":\"r{i}-1\"}}\n");
        }
    }

    [Fact]
    public async Task Reading_every_rig_of_a_wide_root_reads_the_root_at_most_twice()
    {
        WriteRigs();
        var commit = CommitAndFetch();
        var source = new GitTreeChainSource(_repository, commit, "remote wide");

        for (var i = 0; i < Rigs; i++)
        {
            var file = await source.ReadFileAsync($"r{i}/.beads/issues.jsonl", Ct);
            Encoding.UTF8.GetString(file.ShouldNotBeNull().Content.Span).ShouldBe($"{{\"id\":\"r{i}-1\"}}\n");
            file.ContentId.ShouldBe(GitCli.Run(_work, "rev-parse", $"HEAD:r{i}/.beads/issues.jsonl").Trim());
        }

        (await source.ReadFileAsync("r-none/.beads/issues.jsonl", Ct)).ShouldBeNull();
        (await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("r0/.beads", Ct).AsTask())).Reason.ShouldContain("is a folder (a tree) in the git tree where a file should be");
        source.LargeTreeReads.ShouldBeLessThanOrEqualTo(2);

        // Forgotten after a load, the listing is made again when needed, and answers the same.
        source.ForgetListings();
        (await source.ReadFileAsync("r7/.beads/issues.jsonl", Ct)).ShouldNotBeNull();
        (await source.ReadFileAsync("r8/.beads/issues.jsonl", Ct)).ShouldNotBeNull();
        source.LargeTreeReads.ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public void The_index_s_finders_read_the_wide_root_at_most_twice_too()
    {
        WriteRigs();
        var source = new GitTreeChainSource(_repository, CommitAndFetch());
        using var repo = new LibGit2Sharp.Repository(_repository.Path);

        for (var i = 0; i < Rigs; i++)
        {
            source.FindBlob(repo, $"r{i}/.beads/issues.jsonl").ShouldNotBeNull().Size.ShouldBe($"{{\"id\":\"r{i}-1\"}}\n".Length);
            var (_, stream) = source.OpenBlob(repo, $"r{i}/.beads/issues.jsonl").ShouldNotBeNull();
            stream.Dispose();
        }

        source.LargeTreeReads.ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_symlink_or_a_submodule_in_a_listed_tree_is_still_refused()
    {
        WriteRigs();
        File.CreateSymbolicLink(Path.Combine(_work, "linked"), "r0");
        GitCli.Run(_work, "add", "-A");
        GitCli.Run(_work, "commit", "--quiet", "-m", "base");
        var someCommit = GitCli.Run(_work, "rev-parse", "HEAD").Trim();
        GitCli.Run(_work, "update-index", "--add", "--cacheinfo", $"160000,{someCommit},module");
        var source = new GitTreeChainSource(_repository, CommitAndFetch(addAll: false));

        // The root is listed from the second look-up on: the refusals are the listing's too.
        (await source.ReadFileAsync("r1/.beads/issues.jsonl", Ct)).ShouldNotBeNull();
        (await source.ReadFileAsync("r2/.beads/issues.jsonl", Ct)).ShouldNotBeNull();
        (await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("linked/.beads/issues.jsonl", Ct).AsTask())).Reason.ShouldContain("'linked' is a symbolic link");
        (await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("module/.beads/issues.jsonl", Ct).AsTask())).Reason.ShouldContain("'module' is a submodule");
        source.LargeTreeReads.ShouldBeLessThanOrEqualTo(2);
    }
}
