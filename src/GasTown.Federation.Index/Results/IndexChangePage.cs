using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>The change feed since a token, newest first.</summary>
/// <param name="Items">The changes, newest first (at most the limit asked for: the newest ones).</param>
/// <param name="Resume">
/// The token to pass as <c>since</c> next time, to get only what changed after this answer: after its newest change, so a
/// change this page left out (<paramref name="Truncated"/>) is never in an answer to it.
/// </param>
/// <param name="Truncated">
/// Whether more changes than the limit happened after <c>since</c>: the page holds the newest ones, and the older ones are
/// on the pages <see cref="Older"/> leads to. <paramref name="Resume"/> skips them: read those pages before using it.
/// </param>
public sealed record IndexChangePage(IReadOnlyList<IndexChange> Items, string Resume, bool Truncated)
{
    /// <summary>
    /// When the page is <see cref="Truncated"/>, the token to pass as <c>since</c> for the next older page of the same
    /// window: the changes after the first page's <c>since</c> and before this page's oldest, newest first, with the same
    /// <see cref="Resume"/> as the first page (so a client reads older pages until this is null, then resumes from any of
    /// them) and its own <see cref="Older"/> while more are left. Null when nothing was left out.
    /// </summary>
    public string? Older { get; init; }

    /// <summary>
    /// Whether <c>since</c> came from an index file that is gone (rebuilt, deleted, replaced by a newer SDK's): its position
    /// means nothing in this one, so the page holds every change this file kept, and changes recorded only in the old file
    /// (between that token and the rebuild) are lost. A client that must not miss one reads the state again.
    /// </summary>
    public bool Restarted { get; init; }

    /// <summary>
    /// Null when the index was brought up to date for this page. Otherwise why it could not be: this process may not write
    /// the index file, its folder or its write lock (a town shared read-only, a read-only mount), so the page holds the
    /// changes the index had recorded when it was last written, and changes since are missing until it can be brought up to
    /// date (<see cref="Resume"/> still resumes after this page, and then gives them); a remote removed since is left out.
    /// The message names the file and what to do.
    /// </summary>
    public string? Stale { get; init; }

    /// <summary>
    /// The chains that could not be read, with their reasons (<see cref="IndexedChain.Unavailable"/>,
    /// <see cref="IndexedChain.Message"/>), as <see cref="IndexPage.Unavailable"/> says them for a list: a chain the index
    /// could not read (a failed fetch, a refused snapshot, a chain over a limit) records no changes, so the feed alone would
    /// look complete without its own. What changed in it meanwhile is recorded when it can be read again, from the units it
    /// held when it became unavailable (not for a chain never indexed before, nor the transitions of delegated portions).
    /// Empty when every chain was read.
    /// </summary>
    public IReadOnlyList<IndexedChain> Unavailable { get; init; } = [];

    /// <summary>
    /// The chains that answer from an older snapshot because their newest was refused (<see cref="IndexedChain.AnsweredFrom"/>;
    /// <see cref="IndexedChain.Message"/> says why), as <see cref="IndexPage.FromOlderSnapshots"/>: their changes are those of
    /// that snapshot, and what the refused one changed is missing.
    /// </summary>
    public IReadOnlyList<IndexedChain> FromOlderSnapshots { get; init; } = [];

    /// <summary>
    /// Every chain the feed covers, by URI, read with the changes, as <see cref="IndexPage.Chains"/>: the lines of a chain's
    /// files the index could not read (no change names their units) are said beside the feed, as beside a list.
    /// </summary>
    public IReadOnlyList<IndexedChain> Chains { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
