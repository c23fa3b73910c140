namespace GasTown.Federation.Model.Tests.Sources;

public sealed class ChainRelativePathTests
{
    [Theory]
    [InlineData("gastown/mayor/rig", "gastown/mayor/rig")]
    [InlineData("./gastown//mayor/./rig/", "gastown/mayor/rig")]
    [InlineData(".", "")]
    [InlineData("..foo/bar..", "..foo/bar..")]   // dots inside names are names, not parent links
    public void Safe_paths_stay_inside_and_normalise(string path, string normalized)
    {
        ChainRelativePath.FindEscape(path).ShouldBeNull();
        Should.NotThrow(() => ChainRelativePath.ThrowIfEscapes(path));
        ChainRelativePath.Normalize(path).ShouldBe(normalized);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("/abs", "absolute")]
    [InlineData("c:/x", "drive letter")]
    [InlineData("a\\..\\b", "backslash")]
    [InlineData("a\0", "NUL")]
    [InlineData("gastown/.git/x", "'.git'")]   // the one rule: the git tree source refused these, routes did not
    [InlineData(".GIT", "'.git'")]
    [InlineData("a\u0001b", "control character")]
    [InlineData("a\u001b]0;x\u0007", "control character")]
    public void Escaping_paths_are_refused_with_the_reason(string path, string reason)
    {
        ChainRelativePath.FindEscape(path).ShouldNotBeNull().ShouldContain(reason);
        var exception = Should.Throw<ChainPathException>(() => ChainRelativePath.ThrowIfEscapes(path, "routes.jsonl line 7"));
        exception.PathSource.ShouldBe("routes.jsonl line 7");
        exception.Message.ShouldContain("routes.jsonl line 7");
        exception.Message.ShouldNotContain("\0");
    }

    // issue 10: GitTransport's ChainPaths refused '.git' and control characters, Model's rule let routes through with
    // them. There is one rule now: a route with such a path is refused where it is read, not only at the git source.
    [Theory]
    [InlineData("gastown/.git/hooks")]
    [InlineData("gas\u0001town")]
    public void Routes_with_paths_the_git_source_refuses_are_refused_when_read(string path)
    {
        var table = RouteTable.Parse(System.Text.Encoding.UTF8.GetBytes($"{{\"prefix\":\"gt-\",\"path\":{System.Text.Encoding.UTF8.GetString(GoJsonWriter.ToQuotedUtf8(path))}}}\n"));

        table.Routes.ShouldBeEmpty();
        table.Diagnostics.ShouldHaveSingleItem().RefusedPath.ShouldBe(path);
        Should.Throw<ChainPathException>(() => new Route("gt-", path));
    }
}
