using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed;

/// <summary>Writes what a query could not reach or verify to standard error, so --json output stays one document.</summary>
internal static class Reports
{
    public static async Task WriteUnreachableAsync(GtFedContext context, IReadOnlyList<UnreachableItem> unreachable)
    {
        foreach (var item in unreachable)
        {
            var from = item.ReferencedFrom is null ? "" : $" (referenced from {item.ReferencedFrom})";
            await context.Error.WriteLineAsync($"unreachable: {item.Target}{from}: {item.Reason}: {item.Message}").ConfigureAwait(false);
        }
    }

    public static async Task WriteUnverifiedAsync(GtFedContext context, IReadOnlyList<UnverifiedClaim> claims)
    {
        foreach (var claim in claims)
        {
            await context.Error.WriteLineAsync($"unverified {claim.Type}: {claim.Subject} -> {claim.Object}, asserted by {claim.AssertedBy}: {claim.Reason}").ConfigureAwait(false);
        }
    }
}
