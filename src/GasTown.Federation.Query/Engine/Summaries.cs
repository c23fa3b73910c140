using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Builds the result records from loaded work units.</summary>
internal static class Summaries
{
    public static WorkUnitSummary Of(ChainWorkUnit unit)
    {
        var u = unit.Unit;
        return new WorkUnitSummary(
            unit.Uri.ToString(),
            unit.Uri.ChainUri.ToString(),
            unit.Rig,
            u.Id,
            u.Title,
            u.Status.Value,
            u.IssueType.Value,
            u.Priority,
            u.Assignee,
            u.CreatedBy,
            u.CreatedAt.Text,
            u.ClosedAt?.Text);
    }

    public static int CompareByUri(WorkUnitSummary a, WorkUnitSummary b) => string.CompareOrdinal(a.Uri, b.Uri);

    public static List<WorkUnitSummary> Sorted(IEnumerable<WorkUnitSummary> items)
    {
        var list = items.ToList();
        list.Sort(CompareByUri);
        return list;
    }
}
