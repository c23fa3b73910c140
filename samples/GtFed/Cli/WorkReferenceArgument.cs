using System.CommandLine;
using GasTown.Federation.Hosting;

namespace GtFed.Cli;

/// <summary>
/// The work-unit reference a query command takes (<c>show</c>, <c>dependents</c>): its argument, and the one step of
/// reading it that only gtfed can take.
/// </summary>
internal static class WorkReferenceArgument
{
    public static Argument<string> Create() => new("reference")
    {
        Description = "gt://entity/chain/[rig/]id, or a short form in this town: gt-xyz, rig/gt-xyz, ./gt-xyz (in the rig's folder), external:project:id.",
    };

    /// <summary>
    /// The reference as the SDK's queries read it: <c>./ID</c> names the rig the user stands in, which only gtfed knows,
    /// so it becomes that unit's URI here; so does any short form in a town whose town.json gives it no chain, so that the
    /// error says which field is wrong (the query knows only that there is no local town). Every other form is left to
    /// the query.
    /// </summary>
    public static async Task<string> ForQueryAsync(Town town, string reference, CancellationToken cancellationToken)
        => reference.StartsWith("./", StringComparison.Ordinal) || (town.Chain is null && !reference.StartsWith("gt:", StringComparison.OrdinalIgnoreCase))
            ? (await town.ResolveAsync(reference, Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false)).ToString()
            : reference;
}
