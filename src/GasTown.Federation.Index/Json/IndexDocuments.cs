using System.Globalization;
using System.Text.Json.Nodes;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index;

/// <summary>
/// The JSON documents every host prints for the index's answers (gtfed's <c>search</c>, <c>list --limit</c> and
/// <c>changes</c> with --json; GtWeb's <c>/api/search</c> and <c>/api/changes</c>): one shape, said once, as
/// <see cref="QueryDocuments"/> does for the in-memory queries. Work units are <see cref="QueryDocuments.WorkUnit"/>;
/// timestamps are RFC 3339 in UTC with <c>Z</c>.
/// </summary>
public static class IndexDocuments
{
    /// <summary>
    /// A page of work units: <c>query</c>, <c>count</c>, <c>items</c>, <c>next</c> (absent on the last page), every chain
    /// in scope as a query's document gives them (<c>chains</c>, <see cref="QueryDocuments.Chains"/>: its trust, lines left
    /// out and notes), the <c>unavailable</c> chains, when there are any the chains answered from an older snapshot (<c>older_snapshots</c>),
    /// and, when the index could not be brought up to date and answered as it was last written, why (<c>stale</c>, <see cref="IndexPage.Stale"/>).
    /// </summary>
    /// <param name="query">What was asked, e.g. <c>search</c>.</param>
    /// <param name="page">The index's answer.</param>
    /// <returns>The document.</returns>
    public static JsonObject Page(string query, IndexPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var items = new JsonArray();
        foreach (var item in page.Items)
        {
            items.Add((JsonNode)QueryDocuments.WorkUnit(item));
        }

        var document = new JsonObject
        {
            ["query"] = query,
            ["count"] = page.Items.Count,
            ["items"] = items,
        };
        if (page.Next is not null)
        {
            document["next"] = page.Next;
        }

        AddChains(document, page.Chains, page.Unavailable, page.FromOlderSnapshots);
        if (page.Stale is not null)
        {
            document["stale"] = page.Stale;
        }

        return document;
    }

    /// <summary>
    /// A page of the change feed, newest first: <c>count</c>, <c>items</c>, <c>resume</c> (the token to ask again with),
    /// <c>truncated</c>, <c>restarted</c> (the token came from an index file since rebuilt), every chain it covers
    /// (<c>chains</c>, as <see cref="Page"/> writes them), the <c>unavailable</c> chains
    /// (whose changes could not be read, <see cref="IndexChangePage.Unavailable"/>), when there are any the chains answered
    /// from an older snapshot (<c>older_snapshots</c>), as <see cref="Page"/> writes them, and, when the index could not
    /// be brought up to date and answered as it was last written, why (<c>stale</c>, <see cref="IndexChangePage.Stale"/>);
    /// a delegated portion's item also has <c>portion</c> and <c>caused_by</c>.
    /// </summary>
    /// <param name="page">The index's answer.</param>
    /// <returns>The document.</returns>
    public static JsonObject Changes(IndexChangePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var items = new JsonArray();
        foreach (var change in page.Items)
        {
            var item = new JsonObject
            {
                ["token"] = change.Token,
                ["kind"] = change.Kind,
                ["uri"] = change.Uri.ToString(),
                ["chain"] = change.Chain.ToString(),
                ["old_status"] = change.OldStatus,
                ["new_status"] = change.NewStatus,
                ["title"] = change.Title,
                ["at"] = Utc(change.At),
            };
            if (change.Kind is IndexChange.DelegationCompleted or IndexChange.DelegationReopened)
            {
                item["portion"] = change.Portion;
                item["caused_by"] = change.CausedBy?.ToString();
            }

            items.Add((JsonNode)item);
        }

        var document = new JsonObject
        {
            ["count"] = page.Items.Count,
            ["items"] = items,
            ["resume"] = page.Resume,
            ["truncated"] = page.Truncated,
            ["restarted"] = page.Restarted,
        };
        if (page.Older is not null)
        {
            // Absent when nothing was left out, as a list's "next" is on its last page.
            document["older"] = page.Older;
        }

        AddChains(document, page.Chains, page.Unavailable, page.FromOlderSnapshots);
        if (page.Stale is not null)
        {
            document["stale"] = page.Stale;
        }

        return document;
    }

    // The chains an answer could not read (unavailable) and, when there are any, those it answered from an older
    // snapshot: one shape for a page of work units and a page of the feed.
    private static void AddChains(JsonObject document, IReadOnlyList<IndexedChain> chains, IReadOnlyList<IndexedChain> unavailableChains, IReadOnlyList<IndexedChain> olderSnapshots)
    {
        // Every chain in scope, in the shape a query's document gives its chains (trust, dropped lines, notes).
        document["chains"] = QueryDocuments.Chains([.. chains.Select(c => c.ToChainState())]);

        var unavailable = new JsonArray();
        foreach (var chain in unavailableChains)
        {
            unavailable.Add((JsonNode)new JsonObject
            {
                ["chain"] = chain.Uri.ToString(),
                ["reason"] = chain.Unavailable?.ToString(),
                ["message"] = chain.Message,
            });
        }

        document["unavailable"] = unavailable;
        if (olderSnapshots.Count > 0)
        {
            var older = new JsonArray();
            foreach (var chain in olderSnapshots)
            {
                older.Add((JsonNode)new JsonObject
                {
                    ["chain"] = chain.Uri.ToString(),
                    ["refused"] = chain.Revision,
                    ["answered_from"] = chain.AnsweredFrom,
                    ["message"] = chain.Message,
                });
            }

            document["older_snapshots"] = older;
        }
    }

    // RFC 3339 in UTC, trailing zeros of the fraction dropped: the one timestamp shape of every document.
    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
