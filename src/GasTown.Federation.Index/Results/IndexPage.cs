using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index;

/// <summary>One page of an index list or search.</summary>
/// <param name="Items">The work units, ordered by URI, each with its exact upstream line.</param>
/// <param name="Next">The token for <see cref="IndexQuery.After"/> to get the next page; null on the last page.</param>
/// <param name="Unavailable">The chains in scope that could not answer, with their reasons.</param>
public sealed record IndexPage(IReadOnlyList<WorkUnitSummary> Items, string? Next, IReadOnlyList<IndexedChain> Unavailable)
{
    /// <summary>
    /// The chains in scope that answer from an older snapshot because their newest was refused
    /// (<see cref="IndexedChain.AnsweredFrom"/>; <see cref="IndexedChain.Message"/> says why): their items are of that snapshot.
    /// </summary>
    public IReadOnlyList<IndexedChain> FromOlderSnapshots { get; init; } = [];

    /// <summary>
    /// Every chain in scope (the one asked for, or all), by URI, read with the page: a host shows each as a query's chains
    /// are shown (<see cref="IndexedChain.ToChainState"/>), so the lines a chain's files hold that the page cannot list
    /// (<see cref="IndexedChain.DroppedLines"/>, <see cref="IndexedChain.Notes"/>) are said beside it, as for a list.
    /// </summary>
    public IReadOnlyList<IndexedChain> Chains { get; init; } = [];

    /// <summary>
    /// Null when the index was brought up to date for this page. Otherwise why it could not be: this process may not write
    /// the index file, its folder or its write lock (a town shared read-only, a read-only mount), so the page is read from
    /// the index as it was last written and may miss what changed since (it leaves out a remote removed since). The
    /// message names the file and what to do.
    /// </summary>
    public string? Stale { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
