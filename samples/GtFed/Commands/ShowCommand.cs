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
        var reference = new Argument<string>("reference")
        {
            Description = "gt://entity/chain/[rig/]id, or a short form in this town: gt-xyz, rig/gt-xyz, external:project:id.",
        };
        var command = new Command("show", "Show one work unit, local or remote, with its dependencies' resolved gt:// targets.") { reference };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(reference)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string reference, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var result = await town.Queries.ShowAsync(reference, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            var view = WorkUnitView.Build(result.WorkUnit, result.Dependencies);
            await context.WriteJsonAsync(w => view.WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var unit = result.WorkUnit;
        var console = context.Human;
        console.MarkupLine($"[bold]{Markup.Escape(unit.Id)}[/]  {Markup.Escape(unit.Title)}");
        console.MarkupLine($"[grey]{Markup.Escape(unit.Uri.ToString())}[/]");
        console.MarkupLine($"status [bold]{Markup.Escape(unit.Status.Value)}[/]  type {Markup.Escape(unit.IssueType.Value)}  P{unit.Priority}"
            + (unit.Assignee is null ? "" : $"  assignee {Markup.Escape(unit.Assignee)}")
            + (unit.CreatedBy is null ? "" : $"  created by {Markup.Escape(unit.CreatedBy)}"));
        if (!string.IsNullOrWhiteSpace(result.Description))
        {
            console.WriteLine();
            console.WriteLine(result.Description);
        }

        if (result.Dependencies.Count > 0)
        {
            var table = new Table().AddColumns("type", "depends on", "status", "title");
            foreach (var dependency in result.Dependencies)
            {
                table.AddRow(
                    Markup.Escape(dependency.Type.Value),
                    Markup.Escape(dependency.TargetUri?.ToString() ?? dependency.DependsOnId),
                    Markup.Escape(dependency.Status?.Value ?? (dependency.Unreachable?.ToString() ?? "?")),
                    Markup.Escape(dependency.Title ?? ""));
            }

            console.Write(table);
        }

        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        if (result.DataAsOf is { } asOf)
        {
            console.MarkupLine($"[grey]remote data as of {asOf:u}[/]");
        }

        return ExitCodes.Success;
    }
}
