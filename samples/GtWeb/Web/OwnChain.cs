using GasTown.Federation.Hosting;

namespace GtWeb;

/// <summary>
/// A town whose town.json gives it no gt:// chain (a "name" such as <c>../x</c>, an owner that is no email or domain):
/// the SDK then knows no local chain, so the town's own work is left out of every answer, which alone would look whole.
/// Every page says so (<c>Pages/Shared/_Layout.cshtml</c>), as gtfed says it on standard error for every query.
/// </summary>
internal static class OwnChain
{
    /// <summary>What to tell the reader when <paramref name="town"/> has no chain (which field is wrong, how to mend it), or null when it has one.</summary>
    public static string? LeftOut(Town town) => town.ChainProblem is { } problem
        ? $"This town's own work is left out of every answer. {problem}"
        : null;
}
