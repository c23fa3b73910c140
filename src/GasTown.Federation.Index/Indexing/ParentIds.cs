namespace GasTown.Federation.Index;

/// <summary>
/// The work id a parent-child edge names, read from its <c>depends_on_id</c> by the grammar alone (no chain context):
/// <c>gt-1</c>, <c>gastown/gt-1</c>, <c>./gt-1</c>, <c>external:gastown:gt-1</c> and every <c>gt://</c> or <c>hop://</c>
/// spelling of a work unit all name <c>gt-1</c>. A walk to a unit's children asks for the rows that name its id and
/// resolves each one as the loaded graph does (the id alone says nothing about the chain); a text the grammar refuses
/// names no id, and the loaded graph has no edge for it either.
/// </summary>
internal static class ParentIds
{
    public const string ParentChild = "parent-child";

    /// <summary>The named work id of a <c>parent-child</c> dependency; null for any other type or a text that is no reference.</summary>
    public static string? Of(string dependsOnId, string type)
    {
        if (!string.Equals(type, ParentChild, StringComparison.Ordinal) || !WorkReference.TryParse(dependsOnId, out var reference))
        {
            return null;
        }

        return (reference.Kind == WorkReferenceKind.Absolute ? reference.Uri.WorkId : reference.WorkId) is { Length: > 0 } id ? id : null;
    }
}
