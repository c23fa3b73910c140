using GasTown.Federation;
using GasTown.Federation.Index;
using GasTown.Federation.Query;

namespace GtWeb;

/// <summary>
/// What one chain behind a page's answer said about itself: how many lines of its files were left out as unreadable
/// (malformed, too long, unaddressable ids) and its notes (the first such lines, ids said twice, a refused snapshot, an
/// unverified identity). A line left out is work the reader never sees, so a page that shows an answer says so under it
/// (<c>Pages/Shared/_ChainNotes.cshtml</c>), as gtfed says it on standard error and the API in <c>chains</c>.
/// </summary>
/// <param name="Chain">The chain.</param>
/// <param name="DroppedLines">Lines left out of the answer because they could not be read.</param>
/// <param name="Notes">What reading the chain said, as the SDK wrote it (remote text: the page's encoder shows it).</param>
public sealed record ChainNote(GtUri Chain, int DroppedLines, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The chains of one or more answers (a page may ask several queries) that have something to say, each once, in the
    /// order first read: the most lines any answer left out, and every different note. Unavailable chains are left out:
    /// the page's unreachable list already says why they could not be read.
    /// </summary>
    /// <param name="answers">The <c>Chains</c> of each answer the page shows.</param>
    /// <returns>The notes; empty when every chain was read whole and said nothing.</returns>
    public static IReadOnlyList<ChainNote> Of(params IEnumerable<IReadOnlyList<ChainState>> answers)
    {
        var notes = new List<ChainNote>();
        foreach (var chain in answers.SelectMany(a => a).Where(c => c.Trust != ChainTrust.Unavailable).GroupBy(c => c.Chain))
        {
            var dropped = chain.Max(c => c.DroppedLines);
            string[] said = [.. chain.SelectMany(c => c.Notes).Distinct(StringComparer.Ordinal)];
            if (dropped > 0 || said.Length > 0)
            {
                notes.Add(new ChainNote(chain.Key, dropped, said));
            }
        }

        return notes;
    }

    /// <summary>
    /// The chains of an index answer (<see cref="IndexPage.Chains"/>, <see cref="IndexChangePage.Chains"/>) whose files hold
    /// lines it could not read: how many, and what reading them said. Unavailable chains and the reason a chain answers
    /// from an older snapshot are said beside it (<c>Pages/Shared/_IndexChains.cshtml</c>), so they are left out here.
    /// </summary>
    /// <param name="chains">The chains the answer covers.</param>
    /// <returns>The notes; empty when no chain left a line out.</returns>
    public static IReadOnlyList<ChainNote> OfIndex(IReadOnlyList<IndexedChain> chains) =>
        [.. chains.Where(c => c.IsAvailable && (c.DroppedLines > 0 || c.Notes.Count > 0))
            .Select(c => new ChainNote(c.Uri, (int)Math.Min(int.MaxValue, c.DroppedLines), c.Notes))];
}
