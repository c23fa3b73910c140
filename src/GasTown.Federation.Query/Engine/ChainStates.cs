using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Builds the <see cref="ChainState"/> a result reports for each chain the query asked for.</summary>
internal static class ChainStates
{
    /// <summary>The most notes a chain state carries: every notice, then problems while there is room (the index's pages keep the same number).</summary>
    internal const int MaxNotes = 20;

    public static ChainState Loaded(Chain chain, ChainResult result, QueryOptions options, DateTimeOffset now)
    {
        // The provider's notices (fetch failed, stale, newest snapshot refused) and the chain's own (identity, dropped
        // lines): ChainResult.Message and Notices are kept, never dropped. A provider that gave only a message
        // (ChainResult.Available) gets the chain's own notices added here.
        var notes = new List<string>();
        if (result.Notices.Count > 0)
        {
            notes.AddRange(result.Notices.Select(n => n.Message));
        }
        else
        {
            if (result.Message is { Length: > 0 } message)
            {
                notes.Add(message);
            }

            notes.AddRange(ChainNotices.For(chain).Select(n => n.Message));
        }

        foreach (var diagnostic in chain.Diagnostics)
        {
            if (diagnostic.Severity >= ChainDiagnosticSeverity.Warning && notes.Count < MaxNotes)
            {
                notes.Add(diagnostic.ToString());
            }
        }

        var stale = result.IsStale || IsStale(result.DataAsOf, options, now);
        return new ChainState(chain.Uri, TrustOf(chain, result), result.DataAsOf, stale, chain.DroppedLineCount, notes, null) { Proof = result.IdentityProof };
    }

    /// <summary>The state <see cref="Loaded"/> gives the same chain, from what an <see cref="IQueryIndex"/> holds of it.</summary>
    public static ChainState Indexed(QueryIndexChain chain, QueryOptions options, DateTimeOffset now)
    {
        var notes = chain.Notices.Select(n => n.Message).ToList();
        foreach (var problem in chain.Problems)
        {
            if (notes.Count < MaxNotes)
            {
                notes.Add(problem);
            }
        }

        var stale = chain.Notices.Any(n => n.Kind == ChainNoticeKind.Stale) || IsStale(chain.DataAsOf, options, now);
        var trust = chain.IsFromOlderSnapshot ? ChainTrust.OlderSnapshot : chain.IsIdentityVerified ? ChainTrust.Verified : ChainTrust.UnverifiedIdentity;
        return new ChainState(chain.Uri, trust, chain.DataAsOf, stale, chain.DroppedLineCount, notes, null) { Proof = chain.Proof };
    }

    public static ChainState Unavailable(GtUri chain, UnreachableReason reason, string message, DateTimeOffset? dataAsOf, QueryOptions options, DateTimeOffset now) =>
        new(chain, ChainTrust.Unavailable, dataAsOf, IsStale(dataAsOf, options, now), 0, [message], reason);

    // The one mapping from Model's per-chain state to the result's trust state.
    private static ChainTrust TrustOf(Chain chain, ChainResult result) =>
        result.IsFromOlderSnapshot ? ChainTrust.OlderSnapshot
        : chain.IsIdentityVerified ? ChainTrust.Verified
        : ChainTrust.UnverifiedIdentity;

    private static bool IsStale(DateTimeOffset? dataAsOf, QueryOptions options, DateTimeOffset now) =>
        dataAsOf is { } asOf && options.StaleAfter is { } after && now - asOf > after;
}
