using GasTown.Federation;
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
            await context.NoteAsync($"unreachable: {item.Target}{from}: {item.Reason}: {SdkWording.ForPerson(item.Message)}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A ready answer's unreachable items, for a person: one line each, except for a chain whose work units lead to more
    /// than <see cref="MaxLinesPerChain"/> (a remote can write any number of dangling edges): one line for that chain, with
    /// how many and the first of them, and, when the answer counted some instead of listing them, where the listed ones are.
    /// </summary>
    public static async Task WriteUnreachableAsync(GtFedContext context, IReadOnlyList<UnreachableItem> unreachable, IReadOnlyList<UnreachableOmission> omitted)
    {
        var totals = unreachable.Where(i => i.ReferencedFrom is not null).GroupBy(i => i.ReferencedFrom!.Value.ChainUri)
            .ToDictionary(g => g.Key, g => (Listed: g.Count(), First: g.First()));
        foreach (var omission in omitted)
        {
            if (!totals.ContainsKey(omission.Chain))
            {
                totals[omission.Chain] = (0, null!);
            }
        }

        var written = new HashSet<GtUri>();
        foreach (var item in unreachable)
        {
            if (item.ReferencedFrom is not { } from)
            {
                await WriteUnreachableAsync(context, [item]).ConfigureAwait(false);
                continue;
            }

            var chain = from.ChainUri;
            var (listed, first) = totals[chain];
            var left = omitted.FirstOrDefault(o => o.Chain == chain)?.Count ?? 0;
            if (listed + left <= MaxLinesPerChain)
            {
                await WriteUnreachableAsync(context, [item]).ConfigureAwait(false);
            }
            else if (written.Add(chain))
            {
                var listedWhere = left > 0 ? $"; --json lists the first {listed:N0} (unreachable) and counts the other {left:N0} (unreachable_omitted)" : "; --json lists them all";
                await context.NoteAsync(
                    $"unreachable: {listed + left:N0} blockers referenced from work units of {chain}, the first {first.Target} (referenced from {first.ReferencedFrom}): {first.Reason}: {SdkWording.ForPerson(first.Message).TrimEnd('.')}{listedWhere}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The most unreachable items of one referring chain a ready listing writes a line each for.</summary>
    internal const int MaxLinesPerChain = 10;

    public static async Task WriteUnverifiedAsync(GtFedContext context, IReadOnlyList<UnverifiedClaim> claims)
    {
        foreach (var claim in claims)
        {
            await context.NoteAsync($"unverified {claim.Type}: {claim.Subject} -> {claim.Object}, asserted by {claim.AssertedBy}: {claim.Reason}").ConfigureAwait(false);
        }

        if (claims.Count > 0)
        {
            // The claims say why; this says what makes them count (the SDK's reasons name no tool).
            await context.NoteAsync(
                "  A claim counts once a verified chain of the organisation confirms it: the organisation signs its publishes (gtfed key use KEY, then gtfed publish) "
                + "and serves its key (gtfed well-known); a follower who has the key another way pins it (gtfed key pin ENTITY \"ssh-ed25519 …\").").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For a person, on standard error: every chain whose part of the answer is less than verified, fresh and whole
    /// (unverified identity, an older snapshot, stale data, dropped lines) or that carries a note (its first, and how many
    /// more), and every bound that cut the query short.
    /// Unavailable chains are already reported as unreachable, so they are not repeated here.
    /// </summary>
    public static async Task WriteTrustAsync(GtFedContext context, IReadOnlyList<ChainState> chains, IReadOnlyList<Truncation> truncations)
    {
        foreach (var chain in chains)
        {
            var what = chain.Trust switch
            {
                ChainTrust.UnverifiedIdentity => "unverified identity (its claims about others are not counted)",
                ChainTrust.OlderSnapshot => "answered from an older snapshot (the newest fetched was refused)",
                _ => null,
            };
            if (chain.Trust == ChainTrust.Unavailable)
            {
                continue;
            }

            var parts = new List<string>(3);
            if (what is not null)
            {
                parts.Add(what);
            }

            if (chain.IsStale && chain.DataAsOf is { } asOf)
            {
                parts.Add($"stale (fetched {Timestamps.Format(asOf)})");
            }

            if (chain.DroppedLines > 0)
            {
                parts.Add($"{chain.DroppedLines} unreadable line(s) left out");
            }

            if (parts.Count == 0 && chain.Notes.Count == 0)
            {
                continue;
            }

            // A note alone is said too: a verified, fresh chain whose routes file had a line skipped (a rig left out
            // with it), or whose last fetch failed, was silent here though its JSON said so.
            // A note that names its chain first (the dropped-lines notice does) is said after the chain once, not twice.
            var first = chain.Notes.Count > 0 ? SdkWording.ForPerson(chain.Notes[0]) : "";
            var named = $"{chain.Chain}: ";
            first = first.StartsWith(named, StringComparison.Ordinal) ? first[named.Length..] : first;
            var more = chain.Notes.Count > 1 ? $" (and {chain.Notes.Count - 1} more note(s): --json lists them)" : "";
            var said = parts.Count == 0 ? first : first.Length == 0 ? string.Join("; ", parts) : $"{string.Join("; ", parts)}: {first}";
            await context.NoteAsync($"{chain.Chain}: {said}{more}").ConfigureAwait(false);
        }

        foreach (var truncation in truncations)
        {
            await context.NoteAsync($"truncated ({truncation.Bound}, limit {truncation.Limit}): {SdkWording.ForPerson(truncation.Message)}").ConfigureAwait(false);
        }
    }
}
