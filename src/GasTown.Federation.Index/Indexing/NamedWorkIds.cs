using GasTown.Federation.Query;

namespace GasTown.Federation.Index;

/// <summary>
/// The work id a dependency edge names, read from its <c>depends_on_id</c> by the grammar alone (no chain context):
/// <c>gt-1</c>, <c>gastown/gt-1</c>, <c>./gt-1</c>, <c>external:gastown:gt-1</c> and every <c>gt://</c> or <c>hop://</c>
/// spelling of a work unit all name <c>gt-1</c>. A walk to a unit's children, or a search for the units that depend on
/// one, asks for the rows that name its id and resolves each one as a load does (the id alone says nothing about the
/// chain); a text the grammar refuses names no id, and a load resolves no edge from it either.
/// </summary>
internal static class NamedWorkIds
{
    /// <summary>The dependency type whose edges also keep their named id as <c>parent_id</c>.</summary>
    public const string ParentChild = "parent-child";

    /// <summary>The work id a dependency of any type names; null for a text that is no reference.</summary>
    public static string? Of(string dependsOnId) => Of(dependsOnId, out _);

    /// <summary>
    /// The work id a dependency of any type names (null for a text that is no reference), and, for an absolute reference
    /// (<c>gt://</c>, <c>hop://</c>) to a work unit, that unit's key (<see cref="WorkUnitKey"/>; else null). Such a reference
    /// resolves to that unit in every chain, with no context (Query's ReferenceResolver): it is how an edge of another chain
    /// names a unit, so the units that depend on a unit across chains are found by its key.
    /// </summary>
    public static string? Of(string dependsOnId, out string? unitKey)
    {
        unitKey = null;
        if (!WorkReference.TryParse(dependsOnId, out var reference))
        {
            return null;
        }

        if (reference.Kind == WorkReferenceKind.Absolute && reference.Uri.Kind == GtUriKind.WorkUnit)
        {
            unitKey = WorkUnitKey.Of(reference.Uri);
        }

        return (reference.Kind == WorkReferenceKind.Absolute ? reference.Uri.WorkId : reference.WorkId) is { Length: > 0 } id ? id : null;
    }
}
