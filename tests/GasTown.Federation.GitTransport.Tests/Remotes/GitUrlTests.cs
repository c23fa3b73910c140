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
        GitUrl.IsScpLike("towns/acme:v2.git").ShouldBeFalse("a slash before the colon: a path");
        GitUrl.IsScpLike("git@github.com:acme/town.git").ShouldBeTrue();

        // Registered, each shape is kept as the fetch will read it.
        RemoteRegistry.NormaliseUrl("git@github.com:acme/town.git").ShouldBe("git@github.com:acme/town.git");
        RemoteRegistry.NormaliseUrl(absolute).ShouldBe(absolute);
    }
}
