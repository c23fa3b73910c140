using System.CommandLine;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed dependents URI-OR-SHORT-FORM [--limit N] [--after TOKEN]</c>: the work anywhere in the federation whose
/// dependencies name a unit; the whole answer, or a page of dependent work units with <c>--limit</c>/<c>--after</c>.
/// </summary>
internal static class DependentsCommand
{
    public static Command Create()
    {
        var reference = WorkReferenceArgument.Create();
        var limit = CommonOptions.Limit("At most N dependent work units, a page (see --after), each with every edge of it that names the unit.");
        var command = new Command("dependents", "Who depends on a work unit: every edge, in every known chain, that names it.")
        {
            reference, limit, CommonOptions.After,
        };
        CommonOptions.AddFetchFirst(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(
            context, parse.GetValue(reference)!, parse.GetValue(CommonOptions.FetchFirst), parse.GetValue(limit), parse.GetValue(CommonOptions.After), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string reference, bool fetchFirst, int? limit, string? after, CancellationToken cancellationToken)
    {
        var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
        if (fetchFirst)
        {
            await RemoteFetching.FetchEveryRemoteFirstAsync(context, town, cancellationToken).ConfigureAwait(false);
        }

        reference = await WorkReferenceArgument.ForQueryAsync(town, reference, cancellationToken).ConfigureAwait(false);
        // A page when asked for one (a unit with 50,000 dependents then costs its rows and one page's lines); the whole answer otherwise.
        var page = limit is null && after is null
            ? null
            : await town.Queries.GetDependentsPageAsync(reference, limit ?? CommonOptions.DefaultPageSize, after, cancellationToken).ConfigureAwait(false);
        var result = page?.Result ?? await town.Queries.GetDependentsAsync(reference, cancellationToken).ConfigureAwait(false);
        if (result.NamesNothing)
        {
            // As show says it: most likely a mistyped id, and every chain was read.
            throw GtFedException.NotFound($"{result.TargetUnreachable!.Message} Nothing in the federation depends on it.");
        }

        if (context.Json)
        {
            var view = page is null ? QueryDocuments.Dependents(result) : QueryDocuments.DependentsPage(page);
            await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
            await context.WriteJsonAsync(w => view.WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var console = context.Human;
        console.MarkupLine($"[grey]{TerminalText.Markup(result.Target.ToString())}[/]");
        // A chain that could not be read is said below with the others; said here, the unit its chain does not hold or knows not.
        if (result.TargetUnreachable is { Reason: UnreachableReason.UnknownId or UnreachableReason.NotRegistered } target)
        {
            console.MarkupLine($"[yellow]the unit itself was not read:[/] {TerminalText.Markup(target.Message)}");
        }

        if (result.Dependents.Count == 0)
        {
            console.MarkupLine(page is { DependentCount: > 0 } ? $"no more work depends on it ({page.DependentCount} work units in all)" : "no work in the federation depends on it");
        }
        else
        {
            // As show writes dependencies: the URI whole on its own line (never wrapped), then its state and title. Counted in
            // work units, as a page's limit counts them (a unit may name the target by more than one edge, each listed).
            var units = result.Dependents.DistinctBy(d => d.WorkUnit.Uri).Count();
            var count = page is not null
                ? $"{units} of {page.DependentCount} work units"
                : units == result.Dependents.Count ? $"{units}" : $"{units} work units, by {result.Dependents.Count} edges";
            console.MarkupLine($"[bold]depended on by[/] ({count})");
            foreach (var dependent in result.Dependents)
            {
                var unit = dependent.WorkUnit;
                await context.Out.WriteLineAsync($"  {TerminalText.Clean(dependent.Type.ToString()),-15} {TerminalText.Clean(unit.Uri.ToString())}").ConfigureAwait(false);
                console.Write(new Padder(
                    new Markup($"[grey]{TerminalText.Markup(unit.Status)}[/] {TerminalText.Markup(TerminalText.Cut(unit.Title))}"),
                    new Padding(18, 0, 0, 0)));
            }
        }

        await context.WriteMoreAsync(page?.Next).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
