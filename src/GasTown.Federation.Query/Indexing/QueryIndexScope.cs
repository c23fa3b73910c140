using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Which work units of one chain a listing reads from an <see cref="IQueryIndex"/>.</summary>
/// <param name="Chain">The chain, <c>gt://entity/chain</c> (available in the index).</param>
/// <param name="Assignees">
/// Null for every work unit of the chain; else only those whose <c>assignee</c> is one of these entities as
/// <see cref="EntityId"/> reads an assignee (ASCII letters in any case).
/// </param>
public sealed record QueryIndexScope(GtUri Chain, IReadOnlyCollection<EntityId>? Assignees)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
