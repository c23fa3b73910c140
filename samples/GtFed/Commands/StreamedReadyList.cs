using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed list --ready [--status S]</c> without <c>--limit</c>: the whole ready answer's output, byte for byte, from the
/// SDK's ready walk (<see cref="FederationQueries.WalkReadyWorkAsync"/>, every ready unit page by page) and its gaps
/// (<see cref="FederationQueries.GetReadyWorkGapsAsync"/>: unreachable blockers, chains, truncations), never the whole
/// answer. The walk is unfiltered because the answer counts every blocked unit whatever <c>--status</c> keeps (the pages'
/// <see cref="ReadyWorkPage.Blocked"/> counts add up to it); the items are filtered here, as the whole answer's were.
/// <c>--json</c> spools the items (<see cref="ListDocumentWriter"/>: <c>blocked</c> and <c>count</c> come before them), so it
/// holds a page. A person's table groups the rows by chain, each chain's one table sized to all its rows, so the table
/// holds the ready rows (what the table shows of each: no description, no line, no blocked list, no edges) until the walk
/// ends, and writes a chain's rows a thousand at a time (<see cref="WorkTable"/>). Queries that cannot use the index
/// answer with the whole answer, loaded once, as before.
/// </summary>
internal static class StreamedReadyList
{
    private const int PageSize = FederationQueries.DefaultWalkPageSize;

    public static async Task<int> RunAsync(GtFedContext context, Town town, WorkFilter? filter, CancellationToken cancellationToken)
    {
        // The gaps first, so what could not be read reaches standard error before any row, as it did. Queries that may not
        // use the index would load every chain for the gaps and again for the walk: one whole answer, as one page, serves.
        var (gaps, pages) = town.Queries.UsesIndex
            ? (await town.Queries.GetReadyWorkGapsAsync(cancellationToken).ConfigureAwait(false), town.Queries.WalkReadyWorkAsync(null, PageSize, cancellationToken))
            : AsOnePage(await town.Queries.GetReadyWorkAsync(cancellationToken).ConfigureAwait(false));
        await Reports.WriteUnverifiedAsync(context, []).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, gaps.Unreachable, gaps.OmittedUnreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, gaps.Chains, gaps.Truncations).ConfigureAwait(false);

        using var spool = context.Json ? new ListDocumentWriter(PageSize) : null;
        var rows = spool is null ? new List<WorkRow>() : null;
        var blocked = 0;
        await foreach (var page in pages.ConfigureAwait(false))
        {
            blocked += page.Blocked;
            foreach (var item in page.Items)
            {
                if (filter?.Status is { } wanted && item.Status != wanted)
                {
                    continue;
                }

                if (spool is not null)
                {
                    spool.Add(QueryDocuments.ListItem(item, []));
                }
                else
                {
                    rows!.Add(WorkRow.Of(item)); // what the table shows, not the unit and its line
                }
            }
        }

        if (spool is not null)
        {
            // The whole answer's document with no items; its blocked count is the walk's (the field keeps its place).
            var skeleton = QueryDocuments.ReadyList(new ReadyWorkResult([], [], gaps.Unreachable, gaps.Chains, gaps.Truncations) { OmittedUnreachable = gaps.OmittedUnreachable });
            skeleton["blocked"] = blocked;
            await spool.WriteAsync(context.Out, skeleton, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        context.Human.MarkupLine($"[bold]{TerminalText.Markup($"ready: {rows!.Count} work units; {blocked} blocked")}[/]");
        WorkTable.Write(context.Human, rows);
        DelegationLines.Write(context.Human, []);
        return ExitCodes.Success;
    }

    private static (ReadyWorkGaps Gaps, IAsyncEnumerable<ReadyWorkPage> Pages) AsOnePage(ReadyWorkResult whole) => (
        new ReadyWorkGaps(whole.Unreachable, whole.Chains, whole.Truncations) { OmittedUnreachable = whole.OmittedUnreachable },
        new[] { new ReadyWorkPage(whole.Ready, whole.Unreachable, whole.Chains, whole.Truncations, null) { Blocked = whole.Blocked.Count, OmittedUnreachable = whole.OmittedUnreachable } }.ToAsyncEnumerable());
}
