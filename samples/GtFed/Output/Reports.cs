using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed;

/// <summary>
/// What a query could not reach or verify, written to standard error for a person (so human output and
/// --json output stay clean); the --json document carries them as arrays (the SDK's QueryDocuments).
/// </summary>
internal static class Reports
{
    public static async Task WriteUnreachableAsync(GtFedContext context, IReadOnlyList<UnreachableItem> unreachable)
    {
        foreach (var item in unreachable)
        {
            var from = item.ReferencedFrom is null ? "" : $" (referenced from {item.ReferencedFrom})";
            await context.NoteAsync($"unreachable: {item.Target}{from}: {item.Reason}: {item.Message}").ConfigureAwait(false);
        }
    }

    public static async Task WriteUnverifiedAsync(GtFedContext context, IReadOnlyList<UnverifiedClaim> claims)
    {
        foreach (var claim in claims)
        {
            await context.NoteAsync($"unverified {claim.Type}: {claim.Subject} -> {claim.Object}, asserted by {claim.AssertedBy}: {claim.Reason}").ConfigureAwait(false);
        }
    }
}
