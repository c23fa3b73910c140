namespace GasTown.Federation.GitTransport.Tests;

/// <summary>The one reading of a git URL's shape: registration, the fetch's transport and the ssh child all agree on it.</summary>
public sealed class GitUrlTests
{
    [Theory]
    [InlineData("git@github.com:acme/town.git", "acme/town.git")]
    [InlineData("github.com:acme/town.git", "acme/town.git")]
    [InlineData("ssh://git@github.com/acme/town.git", "acme/town.git")]
    [InlineData("git://127.0.0.1:9418/acme", "acme")]
    [InlineData("https://host/~user/town.git", "~user/town.git")]
    public void A_network_url_has_no_local_folder_and_names_its_repository_path(string url, string path)
    {
        GitUrl.LocalFolder(url).ShouldBeNull();
        GitUrl.RepositoryPath(url).ShouldBe(path.TrimStart('~'));
    }

    [Fact]
    public void A_path_a_file_url_and_a_relative_path_are_local_and_the_registry_takes_only_scp_like_text_for_ssh()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "acme.git");
        GitUrl.LocalFolder(absolute).ShouldBe(absolute);
        GitUrl.LocalFolder(new Uri(absolute).AbsoluteUri).ShouldBe(absolute);
        GitUrl.LocalFolder("towns/acme.git").ShouldBe(Path.GetFullPath("towns/acme.git"));
        GitUrl.IsScpLike("towns/acme:v2.git").ShouldBeFalse("a slash before the colon: a path to git");
        GitUrl.IsScpLike("git@github.com:acme/town.git").ShouldBeTrue();

        // Registered, each shape is kept as the fetch will read it.
        RemoteRegistry.NormaliseUrl("git@github.com:acme/town.git").ShouldBe("git@github.com:acme/town.git");
        RemoteRegistry.NormaliseUrl(absolute).ShouldBe(absolute);
    }

    [Theory]
    [InlineData("/srv/towns/a:b", "libgit2, which fetches, reads its ':' as ssh to host '/srv/towns/a'. Give a local repository as file:///srv/towns/a:b")]
    [InlineData("towns/acme:v2.git", "is not a URL")]
    public void A_path_holding_a_colon_is_not_taken_as_local_and_is_refused_when_registered(string url, string said)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "on Windows libgit2 reads a path that names a folder as local first");
        // libgit2 fetches it over ssh (host '/srv/towns/a'): sizing the objects of a local folder, then receiving a pack
        // from elsewhere unread, would let that pack's deltas through.
        GitUrl.IsScpLike(url).ShouldBeFalse();
        GitUrl.IsReadAsSsh(url).ShouldBeTrue();
        GitUrl.LocalFolder(url).ShouldBeNull();

        Should.Throw<InvalidRemoteException>(() => RemoteRegistry.NormaliseUrl(url)).Message.ShouldContain(said);
        GitUrl.LocalFolder(new Uri(Path.GetFullPath(url)).AbsoluteUri).ShouldBe(Path.GetFullPath(url));
    }

    [Theory]
    [InlineData("git@[::1]:acme/town.git", "acme/town.git")]
    [InlineData("[fe80::1]:towns/acme.git", "towns/acme.git")]
    public void A_bracketed_address_is_a_host_of_scp_like_text(string url, string path)
    {
        GitUrl.IsScpLike(url).ShouldBeTrue();
        GitUrl.LocalFolder(url).ShouldBeNull();
        GitUrl.RepositoryPath(url).ShouldBe(path);
        RemoteRegistry.NormaliseUrl(url).ShouldBe(url);
    }

    [Fact]
    public void A_single_letter_before_the_colon_is_a_host_outside_Windows_as_git_and_libgit2_read_it()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "on Windows it is a drive");
        GitUrl.IsScpLike("C:/towns/acme.git").ShouldBeTrue();
        GitUrl.LocalFolder("C:/towns/acme.git").ShouldBeNull();
    }
}
