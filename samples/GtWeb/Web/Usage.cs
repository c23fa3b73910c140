namespace GtWeb;

/// <summary>
/// GtWeb's help (<c>--help</c>, <c>-h</c>, <c>-?</c>): what it reads, printed to standard output before anything opens or
/// listens, exit 0, whatever else is given. Without it <c>--help</c> alone failed for want of a town (exit 2), and beside
/// <c>--town</c> it was ignored and the server started.
/// </summary>
internal static class Usage
{
    /// <summary>What --help prints.</summary>
    public const string Text = """
        GtWeb: a Gas Town frontend (web pages and a JSON API under /api) over one town.

        Usage:
          dotnet GtWeb.dll [--town DIR] [--urls URLS]
          dotnet run --project samples/GtWeb -- [--town DIR] [--urls URLS]

        Options:
          --town DIR    The town to serve: the folder holding mayor/town.json (a relative DIR is read from the
                        current folder). Default: the town holding the current folder.
          --urls URLS   Where to listen, such as http://127.0.0.1:5180 (several separated by ';').
                        Default: http://127.0.0.1:5180, loopback only: a town's data is not for the network
                        unless you say so.
          --AllowedHosts HOSTS
                        The host names requests may address GtWeb by (separated by ';'). Default:
                        localhost;127.0.0.1;[::1]: a page of another site that points its name at this
                        machine is refused. Name your hosts when you serve GtWeb on the network.
          -h, --help    Show this help and exit.

        Environment:
          ASPNETCORE_TOWN   The town to serve when --town is not given.
          ASPNETCORE_URLS   Where to listen when --urls is not given.

        GtWeb answers from what the town has fetched; 'Fetch now' on its town page fetches every remote.
        """;

    /// <summary>Whether <paramref name="args"/> ask for the help, wherever it stands among them.</summary>
    public static bool Asked(IEnumerable<string> args) => args.Any(arg => arg is "--help" or "-h" or "-?");
}
