using GasTown.Federation.Query;
using Spectre.Console;

namespace GtFed;

/// <summary>A project's delegated portions for a person: each portion's state, then each child's.</summary>
internal static class DelegationLines
{
    public static void Write(IAnsiConsole console, IReadOnlyList<DelegatedPortion> delegations)
    {
        foreach (var portion in delegations)
        {
            var state = portion.IsComplete ? "[green]complete[/]" : "[yellow]in progress[/]";
            console.MarkupLine($"delegated from {TerminalText.Markup(portion.Parent)}{(portion.Portion is null ? "" : $" ({TerminalText.Markup(portion.Portion)})")}: {state}");
            foreach (var child in portion.Children)
            {
                var closed = child.IsClosed ? $"closed {child.ClosedAt} by {child.ClosedBy ?? "?"} for {child.Owner}" : child.Status?.ToString() ?? child.Unreachable?.ToString() ?? "?";
                console.MarkupLine($"  -> {TerminalText.Markup(child.Uri)}: {TerminalText.Markup(closed)}{(child.AcceptedByChild ? "" : " [grey](not accepted by the child's town)[/]")}");
            }
        }
    }
}
