using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The part of an audit one page can need, so that an <see cref="IQueryIndexReader"/> reads the newest facts only instead
/// of every fact of the matching actors. Instants are taken in whole seconds (UTC, floored), as an index keeps them: the
/// window is every matching fact in <see cref="Until"/>'s own second, and the <see cref="Newest"/> newest matching facts
/// in the seconds before it, with every fact that shares the oldest of those facts' second. A fact is one audit entry's
/// source: a work unit's line naming the actor at that second, or an event line.
/// </summary>
/// <remarks>
/// A page after position P with size N asks for the window (P's instant, N + 1): every entry past P is in P's second or
/// before it, and the N + 1 first of them (one more tells whether a next page exists) are within the window, whatever
/// facts outside it hold. A reader may return more than the window (the whole audit is always a correct answer); it must
/// never return less.
/// </remarks>
/// <param name="Until">
/// The newest instant the page can hold: the previous page's last entry, or for the first page the audit's cutoff (a day past
/// the query's clock: what is dated later is left out of an audit); null for no bound.
/// </param>
/// <param name="Newest">How many facts before <see cref="Until"/>'s second the page needs at least; positive.</param>
/// <param name="Chains">
/// The chains whose facts count (a query that reads only some of the known chains, past <see cref="QueryOptions.MaxChains"/>,
/// names them: a fact of another chain must not take a place in the window); null for every chain.
/// </param>
public sealed record QueryIndexAuditWindow(DateTimeOffset? Until, int Newest, IReadOnlyCollection<GtUri>? Chains = null)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
