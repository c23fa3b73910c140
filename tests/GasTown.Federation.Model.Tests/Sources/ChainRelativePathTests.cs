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
    public void Escaping_paths_are_refused_with_the_reason(string path, string reason)
    {
        ChainRelativePath.FindEscape(path).ShouldNotBeNull().ShouldContain(reason);
        var exception = Should.Throw<ChainPathException>(() => ChainRelativePath.ThrowIfEscapes(path, "routes.jsonl line 7"));
        exception.PathSource.ShouldBe("routes.jsonl line 7");
        exception.Message.ShouldContain("routes.jsonl line 7");
        exception.Message.ShouldNotContain("\0");
    }
}
