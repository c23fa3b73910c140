using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>What a failed fetch is called (<see cref="RemoteFetchException.Kind"/>) and what its message says, for the failures a consumer met.</summary>
public sealed class FetchErrorKindTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-fetch-kinds");
    private readonly FederationRepository _repository;
    private readonly RemoteRegistry _registry;
    private readonly ChainFetcher _fetcher;

    public FetchErrorKindTests()
    {
        _repository = FederationRepository.ForTown(_temp.Path);
        _registry = new RemoteRegistry(_repository);
        _fetcher = new ChainFetcher(_registry);
    }

    public void Dispose()
    {
        _repository.Dispose();
        _temp.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_local_remote_whose_folder_does_not_exist_says_there_is_no_repository_there()
    {
        var missing = _temp.Combine("not-there", "federation", "git");
        _registry.Add("gone", missing, GtUri.Parse("gt://gone.com/town"));

        var error = await Should.ThrowAsync<RemoteFetchException>(() => _fetcher.FetchAsync("gone", cancellationToken: Ct));

        error.Kind.ShouldBe(FetchFailureKind.Unreachable);
        error.Message.ShouldContain($"there is no repository at {missing} (no such folder)");
        error.Message.ShouldNotContain("unsupported URL protocol");

        // A folder that is there but holds no repository: said so, where it was "check that the host is up".
        var plain = _temp.Combine("plain-folder");
        Directory.CreateDirectory(plain);
        _registry.Add("plain", plain, GtUri.Parse("gt://plain.com/town"));
        var notARepository = await Should.ThrowAsync<RemoteFetchException>(() => _fetcher.FetchAsync("plain", cancellationToken: Ct));
        notARepository.Kind.ShouldBe(FetchFailureKind.Unreachable);
        notARepository.Message.ShouldContain($"{plain} is a folder but no git repository");
        notARepository.Message.ShouldNotContain("the host is up");
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_unreachable()
    {
        _registry.Add("nohost", "https://no-such-host.invalid/town.git", GtUri.Parse("gt://nohost.com/town"));

        var error = await Should.ThrowAsync<RemoteFetchException>(() => _fetcher.FetchAsync("nohost", cancellationToken: Ct));

        error.Kind.ShouldBe(FetchFailureKind.Unreachable, error.Message);
    }

    [Fact]
    public void An_object_missing_in_a_repository_that_answered_is_not_a_wrong_url_or_a_host_down()
    {
        // libgit2's "object not found" matched the "not found" of a repository or host that is not there. Over the network
        // it may be either side's repository (a thin pack's base missing here, say): said as it is, not as the URL's fault.
        var remote = _registry.Add("far", "https://example.com/town.git", GtUri.Parse("gt://far.com/town"));
        _repository.EnsureCreated();

        var missing = _fetcher.Map(remote, new LibGit2Sharp.NotFoundException("object not found - no match for id (519b1c3c0a6e4f0e7f8c5b0d1a2e3f4a5b6c7d8e)"));
        var gone = _fetcher.Map(remote, new LibGit2Sharp.NotFoundException("repository not found"));

        missing.Kind.ShouldBe(FetchFailureKind.Other);
        missing.Message.ShouldContain("object not found - no match for id (519b1c3");
        missing.Message.ShouldNotContain("URL is right");
        gone.Kind.ShouldBe(FetchFailureKind.Unreachable, "a repository that is not there still is");
    }

    [Fact]
    public void A_file_the_system_refuses_is_a_local_permission_not_a_credential_problem()
    {
        var remotePath = _temp.Combine("theirs");
        Directory.CreateDirectory(remotePath);
        var remote = _registry.Add("theirs", remotePath, GtUri.Parse("gt://theirs.com/town"));
        _repository.EnsureCreated();

        var unreadable = _fetcher.Map(remote, new LibGit2Sharp.LibGit2SharpException($"failed to open '{remotePath}/objects/pack': Permission denied"));
        var unwritable = _fetcher.Map(remote, new LibGit2Sharp.LibGit2SharpException($"failed to create locked file '{_repository.Path}/FETCH_HEAD.lock': Permission denied"));
        var ssh = _fetcher.Map(remote, new LibGit2Sharp.LibGit2SharpException("Permission denied (publickey)."));

        unreadable.Kind.ShouldBe(FetchFailureKind.Unreachable);
        unreadable.Message.ShouldContain($"this process may not read {remotePath}/objects/pack");
        unreadable.Message.ShouldContain("not a credential");
        unwritable.Kind.ShouldBe(FetchFailureKind.Other);
        unwritable.Message.ShouldContain($"this process may not write {_repository.Path}/FETCH_HEAD.lock");
        ssh.Kind.ShouldBe(FetchFailureKind.AuthenticationFailed);
    }
}
