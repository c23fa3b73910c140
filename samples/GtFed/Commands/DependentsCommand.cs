using System.CommandLine;
using GasTown.Federation.Hosting;
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
        if (limit is null && after is null)
        {
            return await WriteWholeAsync(context, town, reference, cancellationToken).ConfigureAwait(false);
        }

        // A page (a unit with 50,000 dependents then costs its rows and one page's lines).
        var page = await town.Queries.GetDependentsPageAsync(reference, limit ?? CommonOptions.DefaultPageSize, after, cancellationToken).ConfigureAwait(false);
        var result = page.Result;
        ThrowIfNamesNothing(result);
        if (context.Json)
        {
            await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
            await context.WriteJsonAsync(w => QueryDocuments.DependentsPage(page).WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var units = result.Dependents.DistinctBy(d => d.WorkUnit.Uri).Count();
        WriteHeading(context, result, units > 0 ? DependedOnBy($"{units} of {page.DependentCount} work units")
            : page.DependentCount > 0 ? $"no more work depends on it ({page.DependentCount} work units in all)"
            : NothingDepends);
        await WriteRowsAsync(context, result.Dependents).ConfigureAwait(false);
        await context.WriteMoreAsync(page.Next).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The whole answer, walked a page at a time (<see cref="FederationQueries.WalkDependentsAsync"/>): a person sees each
    /// page's rows as it comes; <c>--json</c> writes <see cref="QueryDocuments.Dependents"/>' document byte for byte, its items
    /// spooled (<see cref="ListDocumentWriter"/>) because its <c>count</c> comes before them. The process holds the edges'
    /// keys and a page, never every dependent unit.
    /// </summary>
    private static async Task<int> WriteWholeAsync(GtFedContext context, Town town, string reference, CancellationToken cancellationToken)
    {
        using var spool = context.Json ? new ListDocumentWriter() : null;
        DependentsPage? first = null;
        await foreach (var page in town.Queries.WalkDependentsAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (first is null)
            {
                first = page;
                ThrowIfNamesNothing(page.Result);
                if (spool is null)
                {
                    // Counted in work units, as a page's limit counts them (a unit may name the target by more than one edge, each listed).
                    WriteHeading(context, page.Result, page.DependentCount == 0 ? NothingDepends
                        : DependedOnBy(page.DependentCount == page.EdgeCount ? $"{page.DependentCount}" : $"{page.DependentCount} work units, by {page.EdgeCount} edges"));
                }
            }

            if (spool is null)
            {
                await WriteRowsAsync(context, page.Result.Dependents).ConfigureAwait(false);
                continue;
            }

            foreach (var dependent in page.Result.Dependents)
            {
                spool.Add(QueryDocuments.DependentItem(dependent));
            }
        }

        // A walk always gives its first page; what the answer says besides its items is the same on every page.
        var whole = (first ?? throw new InvalidOperationException("The dependents walk gave no page.")).Result with { Dependents = [] };
        if (spool is not null)
        {
            await Reports.WriteTrustAsync(context, whole.Chains, whole.Truncations).ConfigureAwait(false);
            await spool.WriteAsync(context.Out, QueryDocuments.Dependents(whole), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Reports.WriteUnreachableAsync(context, whole.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, whole.Chains, whole.Truncations).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static void ThrowIfNamesNothing(DependentsResult result)
    {
        if (result.NamesNothing)
        {
            // As show says it: most likely a mistyped id, and every chain was read.
            throw GtFedException.NotFound($"{result.TargetUnreachable!.Message} Nothing in the federation depends on it.");
        }
    }

    private const string NothingDepends = "no work in the federation depends on it";

    private static string DependedOnBy(string count) => $"[bold]depended on by[/] ({count})";

    /// <summary>The target, why it was not read (when it was not), and the heading over the rows (markup).</summary>
    private static void WriteHeading(GtFedContext context, DependentsResult result, string heading)
    {
        var console = context.Human;
        console.MarkupLine($"[grey]{TerminalText.Markup(result.Target.ToString())}[/]");
        // A chain that could not be read is said below with the others; said here, the unit its chain does not hold or knows not.
        if (result.TargetUnreachable is { Reason: UnreachableReason.UnknownId or UnreachableReason.NotRegistered } target)
        {
            console.MarkupLine($"[yellow]the unit itself was not read:[/] {TerminalText.Markup(target.Message)}");
        }

        console.MarkupLine(heading);
    }

    /// <summary>As show writes dependencies: the URI whole on its own line (never wrapped), then its state and title.</summary>
    private static async Task WriteRowsAsync(GtFedContext context, IReadOnlyList<DependentWorkUnit> dependents)
    {
        foreach (var dependent in dependents)
        {
            var unit = dependent.WorkUnit;
            await context.Out.WriteLineAsync($"  {TerminalText.Clean(dependent.Type.ToString()),-15} {TerminalText.Clean(unit.Uri.ToString())}").ConfigureAwait(false);
            context.Human.Write(new Padder(
                new Markup($"[grey]{TerminalText.Markup(unit.Status)}[/] {TerminalText.Markup(TerminalText.Cut(unit.Title))}"),
                new Padding(18, 0, 0, 0)));
        }
    }
}
