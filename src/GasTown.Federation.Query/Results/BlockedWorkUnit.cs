using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>An open work unit that is not ready, with what holds it back.</summary>
/// <param name="WorkUnit">The blocked work unit.</param>
/// <param name="Blockers">
/// The canonical URIs of its open or unreachable blockers; for a child blocked only through its parent,
/// the blocked ancestor's URI.
/// </param>
public sealed record BlockedWorkUnit(WorkUnitSummary WorkUnit, IReadOnlyList<string> Blockers)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
