using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Builds the <see cref="ChainState"/> a result reports for each chain the query asked for.</summary>
internal static class ChainStates
{
    private const int MaxNotes = 20;

    public static ChainState Loaded(Chain chain, ChainResult result, QueryOptions options, DateTimeOffset now)
    {
        var notes = new List<string>();
        if (result.Message is { Length: > 0 } message)
        {
            // The provider's note (the data's age, a refused newer snapshot): ChainResult.Message is kept, never dropped.
            notes.Add(message);
        }

        if (!chain.IsIdentityVerified)
        {
            notes.Add($"{chain.Uri} is only the URI it was registered under (a one-rig repository or a town.json without owner): its work is shown, but it vouches for nobody.");
        }

        var dropped = 0;
        foreach (var diagnostic in chain.Diagnostics)
        {
            if (diagnostic.Severity == ChainDiagnosticSeverity.Error && diagnostic.LineNumber > 0)
            {
                dropped++;
            }

            if (diagnostic.Severity >= ChainDiagnosticSeverity.Warning && notes.Count < MaxNotes)
            {
                notes.Add(diagnostic.ToString());
            }
        }

        return new ChainState(chain.Uri, TrustOf(chain, result), result.DataAsOf, IsStale(result.DataAsOf, options, now), dropped, notes, null);
    }

    public static ChainState Unavailable(GtUri chain, UnreachableReason reason, string message, DateTimeOffset? dataAsOf, QueryOptions options, DateTimeOffset now) =>
        new(chain, ChainTrust.Unavailable, dataAsOf, IsStale(dataAsOf, options, now), 0, [message], reason);

    // SEAM(C1): Model's ChainResult does not yet say that the newest snapshot was refused and an older one answered.
    // When it carries that per-chain state, map it to ChainTrust.OlderSnapshot here (and nowhere else); until then a
    // refused snapshot shows only through the provider's note in ChainState.Notes.
    private static ChainTrust TrustOf(Chain chain, ChainResult result)
    {
        _ = result;
        return chain.IsIdentityVerified ? ChainTrust.Verified : ChainTrust.UnverifiedIdentity;
    }

    private static bool IsStale(DateTimeOffset? dataAsOf, QueryOptions options, DateTimeOffset now) =>
        dataAsOf is { } asOf && options.StaleAfter is { } after && now - asOf > after;
}
