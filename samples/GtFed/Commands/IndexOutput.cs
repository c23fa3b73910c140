using Spectre.Console;
using System.Text.Json.Nodes;
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
            var views = page.Items.Select(i => QueryDocuments.WorkUnit(i)).ToList();
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("query", queryName);
                w.WriteNumber("count", views.Count);
                w.WriteStartArray("items");
                foreach (JsonObject view in views)
                {
                    view.WriteTo(w);
                }

                w.WriteEndArray();
                if (page.Next is not null)
                {
                    w.WriteString("next", page.Next);
                }

                w.WriteStartArray("unavailable");
                foreach (var chain in page.Unavailable)
                {
                    w.WriteStartObject();
                    w.WriteString("chain", chain.Uri.ToString());
                    w.WriteString("reason", chain.Unavailable?.ToString());
                    w.WriteString("message", chain.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        WorkTable.Write(context.Human, page.Items);
        if (page.Next is not null)
        {
            context.Human.WriteLine($"more: --after {page.Next}");
        }
    }
}
