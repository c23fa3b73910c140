using Spectre.Console;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>
/// Prints a page of the federation index as <c>list</c> does: items, count, next, the chains that could not answer, and
/// (on standard error, as those notes) why the page may be stale when the index could not be brought up to date.
/// </summary>
internal static class IndexOutput
{
    /// <summary>Writes a page of work units: standard error's notes first, then the JSON document or the heading and table.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="queryName">What was asked, e.g. <c>search</c>.</param>
    /// <param name="page">The index's answer.</param>
    /// <param name="oneRemote">
    /// Whether it was asked of one remote (<c>--remote</c>): its heading is followed by how far that remote's identity is
    /// proven, as <c>list --remote</c> says it (name only for an unsigned remote), which the JSON's <c>proof</c> says.
    /// </param>
    public static async Task WritePageAsync(GtFedContext context, string queryName, IndexPage page, bool oneRemote = false)
    {
        await NoteChainsAsync(context, page.Chains).ConfigureAwait(false);
        if (page.Stale is { } stale)
        {
            await context.NoteAsync(SdkWording.ForPerson(stale)).ConfigureAwait(false);
        }

        if (context.Json)
        {
            var document = IndexDocuments.Page(queryName, page);
            await context.WriteJsonAsync(w => document.WriteTo(w)).ConfigureAwait(false);
            return;
        }

        // The heading says how many, so an empty page reads as an answer ("search: 0 work units"), not as silence.
        context.Human.MarkupLine($"[bold]{TerminalText.Markup($"{queryName}: {page.Items.Count} work units")}[/]");
        if (oneRemote && page.Chains is [{ Proof: { } proof }])
        {
            context.Human.MarkupLine(TerminalText.Markup($"  identity: {ProofWording.Describe(proof)}"));
        }

        WorkTable.Write(context.Human, page.Items);
        await context.WriteMoreAsync(page.Next).ConfigureAwait(false);
    }

    /// <summary>
    /// Says on standard error which chains an index answer could not read (unavailable, with the reason), which it
    /// answered from an older snapshot (why) and which hold lines it could not read (how many, and the first, as a list
    /// says them): a page of work units, and a page of the change feed (<c>changes</c>).
    /// </summary>
    public static async Task NoteChainsAsync(GtFedContext context, IReadOnlyList<IndexedChain> chains)
    {
        foreach (var chain in chains.Where(c => !c.IsAvailable))
        {
            await context.NoteAsync($"{chain.Uri} is unavailable ({chain.Unavailable}): {SdkWording.ForPerson(chain.Message ?? "")}").ConfigureAwait(false);
        }

        // Why the newest snapshot was refused, said for a person (a changed key's note names the command that accepts it).
        foreach (var chain in chains.Where(c => c.IsAvailable && c.AnsweredFrom is not null))
        {
            await context.NoteAsync($"{chain.Uri}: {SdkWording.ForPerson(chain.Message ?? "")}").ConfigureAwait(false);
        }

        // The lines a chain's files hold that the index could not read, and an unverified identity, as a list says them and
        // GtWeb's pages too (a one-rig repository's notice was left out here alone, by a rule that read the notes' order).
        var partial = chains.Where(c => c.IsAvailable && c.AnsweredFrom is null && (c.DroppedLines > 0 || c.Notes.Count > 0));
        await Reports.WriteTrustAsync(context, [.. partial.Select(c => c.ToChainState())], []).ConfigureAwait(false);
    }
}
