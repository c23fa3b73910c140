using GasTown.Federation;
using GasTown.Federation.Hosting;

namespace GtWeb;

/// <summary>
/// Which town GtWeb serves: <c>--town DIR</c> (configuration key <c>town</c>, so also <c>ASPNETCORE_TOWN</c>, as the host reads
/// its prefixed environment), else the town holding the current folder.
/// </summary>
internal static class TownRoot
{
    public static string Find(IConfiguration configuration)
    {
        var given = configuration["town"];
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Path.GetFullPath(given);
        }

        return Town.Discover(Directory.GetCurrentDirectory())
            ?? throw new FederationException(
                FederationErrorKind.InvalidInput,
                $"No town given and none holds {Directory.GetCurrentDirectory()}: start GtWeb with --town DIR (the folder holding mayor/town.json).");
    }
}
