using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class GitTreeChainSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-tree");
    private readonly FederationRepository _repository;
    private readonly string _work;

    public GitTreeChainSourceTests()
    {
        _repository = FederationRepository.ForTown(_temp.Combine("town"));
        _repository.EnsureCreated();
        // Commits are made with the real git CLI in a work tree, then fetched into the bare
        // federation repository: exactly how a remote's hostile tree would arrive.
        _work = _temp.Combine("work");
        Directory.CreateDirectory(_work);
        GitCli.Run(_work, "init", "--quiet", "--initial-branch=main");
    }

    public void Dispose()
    {
        _repository.Dispose();
        _temp.Dispose();
    }

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

    [Fact]
    public async Task Reads_a_blob_by_path_with_its_blob_id_as_content_id()
    {
        Write("gastown/mayor/rig/.beads/issues.jsonl", "{\"id\":\"gt-1\"}\n");
        var commit = CommitAndFetch();
        var source = new GitTreeChainSource(_repository, commit, "remote work");

        var file = await source.ReadFileAsync("gastown/mayor/rig/.beads/issues.jsonl", TestContext.Current.CancellationToken);

        file.ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(file.Content.Span).ShouldBe("{\"id\":\"gt-1\"}\n");
        file.ContentId.ShouldBe(GitCli.Run(_work, "rev-parse", "HEAD:gastown/mayor/rig/.beads/issues.jsonl").Trim());
        source.Revision.ShouldBe(commit);
        source.Description.ShouldBe("remote work");
    }

    [Fact]
    public async Task Every_read_is_bounded_the_plain_one_by_MaxBytes()
    {
        Write(".events.jsonl", new string('x', 5_000) + "\n");
        var commit = CommitAndFetch();
        var ct = TestContext.Current.CancellationToken;

        // Bounded unless told otherwise (a remote's tree is someone else's data), and by the host's limit when given.
        new GitTreeChainSource(_repository, commit).MaxBytes.ShouldBe(ChainLimits.DefaultMaxBlobBytes);
        var bounded = new GitTreeChainSource(_repository, commit, "remote work") { MaxBytes = 4_096 };
        var refused = await Should.ThrowAsync<ChainLimitExceededException>(async () => await bounded.ReadFileAsync(".events.jsonl", ct));
        refused.Limit.ShouldBe(ChainLimitKind.BlobSize);
        refused.Message.ShouldContain("remote work");
        (await new GitTreeChainSource(_repository, commit) { MaxBytes = 5_001 }.ReadFileAsync(".events.jsonl", ct))!.Content.Length.ShouldBe(5_001);
    }

    [Fact]
    public async Task A_file_s_size_is_told_from_its_blob_without_reading_it_by_the_rules_a_read_finds_it()
    {
        Write("gastown/mayor/rig/.beads/issues.jsonl", new string('x', 5_000) + "\n");
        Write("docs/.beads/issues.jsonl/x.jsonl", "{}\n");
        File.CreateSymbolicLink(Path.Combine(_work, "linked.jsonl"), "/etc/passwd");
        var ct = TestContext.Current.CancellationToken;
        // Told even past MaxBytes: the loader judges the size against its own limits before it reads anything.
        var source = new GitTreeChainSource(_repository, CommitAndFetch()) { MaxBytes = 1_000 };

        (await source.GetFileSizeAsync("gastown/mayor/rig/.beads/issues.jsonl", ct)).ShouldBe(5_001);
        (await source.GetFileSizeAsync("nope/.beads/issues.jsonl", ct)).ShouldBeNull();
        (await Should.ThrowAsync<ChainPathException>(() => source.GetFileSizeAsync("linked.jsonl", ct).AsTask())).Reason.ShouldContain("symbolic link");
        await Should.ThrowAsync<ChainPathException>(() => source.GetFileSizeAsync("docs/.beads/issues.jsonl", ct).AsTask());
        await Should.ThrowAsync<ChainPathException>(() => source.GetFileSizeAsync("../outside/.beads/issues.jsonl", ct).AsTask());
    }

    [Fact]
    public async Task A_missing_file_or_folder_is_null()
    {
        Write("mayor/town.json", "{}");
        var source = new GitTreeChainSource(_repository, CommitAndFetch());

        (await source.ReadFileAsync("nope/.beads/issues.jsonl", TestContext.Current.CancellationToken)).ShouldBeNull();
        (await source.ReadFileAsync("mayor/town.json/x", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task A_folder_where_a_file_should_be_is_refused_not_read_as_absent()
    {
        // A rig's issues file made a folder would otherwise read as a rig with no work.
        Write("gastown/.beads/issues.jsonl/x.jsonl", "{}\n");
        var source = new GitTreeChainSource(_repository, CommitAndFetch());

        var error = await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("gastown/.beads/issues.jsonl", TestContext.Current.CancellationToken).AsTask());

        error.Reason.ShouldBe("'gastown/.beads/issues.jsonl' is a folder (a tree) in the git tree where a file should be");
        (await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("gastown", TestContext.Current.CancellationToken).AsTask())).Path.ShouldBe("gastown");
    }

    [Theory]
    [InlineData("../outside/.beads/issues.jsonl")]
    [InlineData("gastown/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    [InlineData("gastown\\mayor")]
    [InlineData(".git/config")]
    public async Task Escaping_paths_are_refused(string path)
    {
        Write("mayor/town.json", "{}");
        var source = new GitTreeChainSource(_repository, CommitAndFetch());

        var error = await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync(path, TestContext.Current.CancellationToken).AsTask());

        error.Path.ShouldBe(path);
    }

    [Fact]
    public async Task A_symlink_in_the_tree_is_refused_not_followed()
    {
        Write("secret.txt", "do not read me");
        Directory.CreateDirectory(Path.Combine(_work, "gastown", "mayor", "rig", ".beads"));
        File.CreateSymbolicLink(Path.Combine(_work, "gastown", "mayor", "rig", ".beads", "issues.jsonl"), "/etc/passwd");
        var source = new GitTreeChainSource(_repository, CommitAndFetch());
        GitCli.Run(_repository.Path, "ls-tree", "-r", "refs/remotes/work/main").ShouldContain("120000");

        var error = await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("gastown/mayor/rig/.beads/issues.jsonl", TestContext.Current.CancellationToken).AsTask());

        error.Reason.ShouldContain("symbolic link");
    }

    [Fact]
    public async Task A_symlinked_folder_on_the_way_is_refused()
    {
        Write("real/.beads/issues.jsonl", "{}\n");
        Directory.CreateDirectory(Path.Combine(_work, "gastown"));
        File.CreateSymbolicLink(Path.Combine(_work, "gastown", "rig"), "../real");
        var source = new GitTreeChainSource(_repository, CommitAndFetch());

        var error = await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("gastown/rig/.beads/issues.jsonl", TestContext.Current.CancellationToken).AsTask());

        error.Reason.ShouldContain("'gastown/rig' is a symbolic link");
    }

    [Fact]
    public async Task A_submodule_in_the_tree_is_refused()
    {
        Write("mayor/town.json", "{}");
        GitCli.Run(_work, "add", "-A");
        GitCli.Run(_work, "commit", "--quiet", "-m", "base");
        var someCommit = GitCli.Run(_work, "rev-parse", "HEAD").Trim();
        GitCli.Run(_work, "update-index", "--add", "--cacheinfo", $"160000,{someCommit},gastown");
        var source = new GitTreeChainSource(_repository, CommitAndFetch(addAll: false));
        GitCli.Run(_repository.Path, "ls-tree", "refs/remotes/work/main").ShouldContain("160000 commit");

        var error = await Should.ThrowAsync<ChainPathException>(() => source.ReadFileAsync("gastown/mayor/rig/.beads/issues.jsonl", TestContext.Current.CancellationToken).AsTask());

        error.Reason.ShouldContain("submodule");
    }

    [Fact]
    public void A_malformed_commit_id_is_an_argument_error()
    {
        Should.Throw<ArgumentException>(() => new GitTreeChainSource(_repository, "not-a-sha"));
    }

    [Fact]
    public async Task A_commit_missing_from_the_repository_is_a_typed_error()
    {
        var source = new GitTreeChainSource(_repository, new string('a', 40));

        var error = await Should.ThrowAsync<GitTransportException>(() => source.ReadFileAsync("mayor/town.json", TestContext.Current.CancellationToken).AsTask());

        // A fetch cannot bring back a commit its ref names (the remote is told it is here already): registering it again can.
        error.Message.ShouldContain($"The commit {new string('a', 40)} is not in {_repository.Path}");
        error.Message.ShouldContain("remove the remote and register it again");
    }
}
