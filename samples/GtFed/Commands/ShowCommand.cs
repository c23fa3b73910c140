using System.CommandLine;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed show URI-OR-SHORT-FORM</c>: one work unit, its dependencies resolved.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var reference = WorkReferenceArgument.Create();
        var command = new Command("show", "Show one work unit, local or remote, with its dependencies' resolved gt:// targets.") { reference };
        CommonOptions.AddFetchFirst(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(reference)!, parse.GetValue(CommonOptions.FetchFirst), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string reference, bool fetchFirst, CancellationToken cancellationToken)
    {
        var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
        if (fetchFirst)
        {
            await RemoteFetching.FetchEveryRemoteFirstAsync(context, town, cancellationToken).ConfigureAwait(false);
        }

        reference = await WorkReferenceArgument.ForQueryAsync(town, reference, cancellationToken).ConfigureAwait(false);
        var result = await town.Queries.ShowAsync(reference, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            var view = QueryDocuments.Show(result);
            await Reports.WriteTrustAsync(context, result.Chains, []).ConfigureAwait(false);
            await context.WriteJsonAsync(w => view.WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var unit = result.WorkUnit;
        var console = context.Human;
        console.MarkupLine($"[bold]{TerminalText.Markup(unit.Id)}[/]  {TerminalText.Markup(unit.Title)}");
        console.MarkupLine($"[grey]{TerminalText.Markup(unit.Uri)}[/]");
        console.MarkupLine($"status [bold]{TerminalText.Markup(unit.Status)}[/]  type {TerminalText.Markup(unit.IssueType)}  P{unit.Priority}"
            + (unit.Assignee is null ? "" : $"  assignee {TerminalText.Markup(unit.Assignee)}")
            + (unit.CreatedBy is null ? "" : $"  created by {TerminalText.Markup(unit.CreatedBy)}"));
        // When and why it was closed, as --json gives them (closed_at, close_reason); either may be there without the other.
        var fields = unit.WorkUnit;
        var closedAt = fields.ClosedAt is { } closed ? $"closed {Timestamps.Format(closed.Value)}" : null;
        var closeReason = string.IsNullOrWhiteSpace(fields.CloseReason) ? null : $"reason {TerminalText.Markup(fields.CloseReason)}";
        if (closedAt is not null || closeReason is not null)
        {
            console.MarkupLine(string.Join("  ", new[] { closedAt, closeReason }.OfType<string>()));
        }

        if (!string.IsNullOrWhiteSpace(result.Description))
        {
            console.WriteLine();
            console.WriteLine(TerminalText.Clean(result.Description, multiline: true));
        }

        if (!string.IsNullOrWhiteSpace(fields.Notes))
        {
            console.WriteLine();
            console.MarkupLine("[bold]notes[/]");
            console.WriteLine(TerminalText.Clean(fields.Notes, multiline: true));
        }

        if (result.Dependencies.Count > 0)
        {
            // Two lines per dependency: the target URI whole on its own line (never wrapped, so it can be
            // copied), then its state and title, which may wrap.
            console.WriteLine();
            console.MarkupLine("[bold]depends on[/]");
            foreach (var dependency in result.Dependencies)
            {
                await context.Out.WriteLineAsync($"  {TerminalText.Clean(dependency.Type.ToString()),-15} {TerminalText.Clean(dependency.TargetUri?.ToString() ?? dependency.DependsOnId)}").ConfigureAwait(false);
                var state = dependency.Status?.ToString() ?? (dependency.Unreachable is { } why ? $"unreachable ({why})" : "?");
                console.Write(new Padder(
                    new Markup($"[grey]{TerminalText.Markup(state)}[/]{(dependency.Title is null ? "" : " " + TerminalText.Markup(TerminalText.Cut(dependency.Title)))}"),
                    new Padding(18, 0, 0, 0)));
            }
        }

        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, result.Chains, []).ConfigureAwait(false);
        if (result.DataAsOf is { } asOf)
        {
            console.MarkupLine($"[grey]remote data as of {Timestamps.Format(asOf)}[/]");
        }

        return ExitCodes.Success;
    }
}
