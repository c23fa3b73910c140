using LibGit2Sharp;

namespace GasTown.Federation.GitTransport.Tests.Interop;

/// <summary>
/// The libgit2 calls made directly: under the JIT they must answer what LibGit2Sharp's own calls answer (under Native
/// AOT LibGit2Sharp's answer nothing, which is why they exist).
/// </summary>
public sealed class LibGit2NativeTests
{
    [Theory]
    [InlineData(ConfigurationLevel.Global)]
    [InlineData(ConfigurationLevel.Xdg)]
    [InlineData(ConfigurationLevel.System)]
    public void The_configuration_search_paths_are_libgit2_s(ConfigurationLevel sharp)
    {
        var level = sharp switch
        {
            ConfigurationLevel.Global => LibGit2Native.ConfigLevel.Global,
            ConfigurationLevel.Xdg => LibGit2Native.ConfigLevel.Xdg,
            _ => LibGit2Native.ConfigLevel.System,
        };
        var expected = GlobalSettings.GetConfigSearchPaths(sharp).Where(p => p.Length > 0).ToArray();
        expected.ShouldNotBeEmpty("libgit2 has a search path for every level on Linux");
        LibGit2Native.ConfigSearchPaths(level).ShouldBe(expected);
    }
}
