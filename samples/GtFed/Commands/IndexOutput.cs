using Spectre.Console;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>Prints a page of the federation index as <c>list</c> does: items, count, next, and the chains that could not answer.</summary>
internal static class IndexOutput
{
    /// <summary>An unavailable indexed chain as the unreachable entry list prints.</summary>
    public static UnreachableItem UnreachableOf(IndexedChain chain)
        => new(chain.Uri.ToString(), ReasonOf(chain.Unavailable), chain.Message ?? chain.Unavailable?.ToString() ?? "unavailable", null);

    /// <summary>An indexed chain's trust state in the shape the direct queries report it.</summary>
    public static ChainState ChainStateOf(IndexedChain chain) => new(
        chain.Uri,
        chain.Unavailable is not null ? ChainTrust.Unavailable : chain.Identity == nameof(ChainIdentityStatus.Verified) ? ChainTrust.Verified : ChainTrust.UnverifiedIdentity,
        chain.FetchedAt,
        false,
        (int)Math.Min(int.MaxValue, chain.DroppedLines),
        chain.Message is null ? [] : [chain.Message],
        chain.Unavailable is null ? null : ReasonOf(chain.Unavailable));

    private static UnreachableReason ReasonOf(ChainUnavailableReason? reason) => reason switch
    {
        ChainUnavailableReason.NotRegistered => UnreachableReason.NotRegistered,
        ChainUnavailableReason.NeverFetched => UnreachableReason.NeverFetched,
        ChainUnavailableReason.FetchFailed => UnreachableReason.FetchFailed,
        ChainUnavailableReason.IdentityMismatch => UnreachableReason.IdentityMismatch,
        ChainUnavailableReason.LimitExceeded => UnreachableReason.LimitExceeded,
        ChainUnavailableReason.Invalid => UnreachableReason.InvalidChain,
        _ => UnreachableReason.LoadFailed,
    };

    public static async Task WritePageAsync(GtFedContext context, string queryName, IndexPage page)
    {
        foreach (var chain in page.Unavailable)
        {
            await context.NoteAsync($"{chain.Uri} is unavailable ({chain.Unavailable}): {chain.Message}").ConfigureAwait(false);
        }

        if (context.Json)
        {
            var document = IndexDocuments.Page(queryName, page);
            await context.WriteJsonAsync(w => document.WriteTo(w)).ConfigureAwait(false);
            return;
        }

        WorkTable.Write(context.Human, page.Items);
        if (page.Next is not null)
        {
            context.Human.WriteLine($"more: --after {page.Next}");
        }
    }
}
