using System.CommandLine;

namespace GtFed.Cli;

/// <summary>The options every command shares (DESIGN §9).</summary>
internal static class CommonOptions
{
    /// <summary><c>--town DIR</c>: the town to act on; by default the one found by walking up from the current folder.</summary>
    public static readonly Option<DirectoryInfo?> Town = new("--town")
    {
        Description = "The town's root folder (default: found by walking up from the current folder to mayor/town.json).",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print one JSON object or array on standard output and nothing else there.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON on standard output (and nothing else there).",
        Recursive = true,
    };
}
