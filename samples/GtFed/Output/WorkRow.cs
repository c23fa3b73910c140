using GasTown.Federation;
using GasTown.Federation.Query;

namespace GtFed;

/// <summary>What a person's table shows of a work unit, and nothing more: a long list holds these, not the units and their lines.</summary>
internal readonly record struct WorkRow(GtUri Uri, string Status, string IssueType, int Priority, string Title)
{
    /// <summary>The row of <paramref name="item"/>, its title, status and type cut to what a row shows (<see cref="TerminalText.Cut"/>, <see cref="TerminalText.CutWord"/>).</summary>
    public static WorkRow Of(WorkUnitSummary item)
        => new(item.Uri, TerminalText.CutWord(item.Status.ToString()), TerminalText.CutWord(item.IssueType.ToString()), item.Priority, TerminalText.Cut(item.Title));
}
