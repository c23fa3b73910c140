using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Who closed a work unit. beads records no closer; as upstream's <c>gt audit</c> does for
/// <c>bead_closed</c>, the SDK takes the <c>assignee</c>, and falls back to the author of the last
/// comment (the last actor seen on the issue), else null.
/// </summary>
internal static class ClosingActor
{
    public static string? Of(WorkUnit unit)
    {
        if (!unit.IsClosed)
        {
            return null;
        }

        if (unit.Assignee is { Length: > 0 } assignee)
        {
            return assignee;
        }

        return unit.Comments.Count > 0 ? unit.Comments.MaxBy(c => c.CreatedAt.Value)!.Author : null;
    }
}
