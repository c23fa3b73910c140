using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The work one parent delegated under one portion name, with its cascaded state: complete when every
/// child delegated for it is closed.
/// </summary>
/// <param name="Parent">The delegating work unit's canonical URI.</param>
/// <param name="Portion">The <c>terms.portion</c> of the delegation, or null when none was given.</param>
/// <param name="Deadline">The <c>terms.deadline</c> as written (a date or an RFC 3339 time), or null.</param>
/// <param name="IsComplete">Whether every child of this portion is closed.</param>
/// <param name="Children">The delegated children, ordered by URI.</param>
public sealed record DelegatedPortion(
    GtUri Parent,
    string? Portion,
    string? Deadline,
    bool IsComplete,
    IReadOnlyList<DelegatedChild> Children)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
