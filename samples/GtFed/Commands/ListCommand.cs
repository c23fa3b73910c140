using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed list --remote NAME | --org ENTITY | --project URI [--include-delegated] [--status S]</c>.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var remote = new Option<string?>("--remote") { Description = "Every work unit of one registered remote chain." };
        var org = new Option<string?>("--org") { Description = "All work of the organisation's verified members, in every known chain." };
        var project = new Option<string?>("--project") { Description = "A project (work unit URI or short form) and its descendants." };
        var delegated = new Option<bool>("--include-delegated") { Description = "With --project: also everything delegated from it, transitively, across chains." };
        var ready = new Option<bool>("--ready") { Description = "Only open work whose blockers, local or remote, are all closed." };
        var status = new Option<string?>("--status") { Description = "Only work units with this status (open, closed, in_progress, ...)." };
        var command = new Command("list", "List work across the federation.") { remote, org, project, delegated, ready, status };
        command.Validators.Add(result =>
        {
            var chosen = new[] { result.GetValue(remote) is not null, result.GetValue(org) is not null, result.GetValue(project) is not null, result.GetValue(ready) }
                .Count(x => x);
            if (chosen != 1)
            {
                result.AddError("Give exactly one of --remote NAME, --org ENTITY, --project URI or --ready.");
            }
            else if (result.GetValue(delegated) && result.GetValue(project) is null)
            {
                result.AddError("--include-delegated goes with --project.");
            }
        });
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(
            context,
            new ListRequest(parse.GetValue(remote), parse.GetValue(org), parse.GetValue(project), parse.GetValue(delegated), parse.GetValue(ready), parse.GetValue(status)),
            ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, ListRequest request, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var filter = request.Status is null ? null : new WorkFilter(Status: new GasTown.Federation.Model.WorkStatus(request.Status));
        IReadOnlyList<WorkUnitSummary> items;
        IReadOnlyList<DelegatedPortion> delegations = [];
        string heading;
        if (request.Remote is not null)
        {
            var result = await town.Queries.ListByRemoteAsync(request.Remote, filter, cancellationToken).ConfigureAwait(false);
            items = result.Items;
            heading = $"{result.Chain}: {items.Count} work units" + (result.DataAsOf is { } asOf ? $" (fetched {asOf:u})" : "");
            await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        }
        else if (request.Org is not null)
        {
            var organization = Inputs.ParseEntity(request.Org, "--org");
            var result = await town.Queries.ListByOrganizationAsync(organization, filter, cancellationToken).ConfigureAwait(false);
            items = result.Items.Select(i => i.WorkUnit).ToList();
            heading = $"{result.Organization}: verified members {string.Join(", ", result.Members.Select(m => m.Entity))}; {items.Count} work units";
            await Reports.WriteUnverifiedAsync(context, result.UnverifiedClaims).ConfigureAwait(false);
            await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        }
        else if (request.Project is not null)
        {
            var result = await town.Queries.ListByProjectAsync(request.Project, request.IncludeDelegated, filter, cancellationToken).ConfigureAwait(false);
            items = result.Items;
            delegations = result.Delegations;
            heading = $"{result.Project}: {items.Count} work units" + (request.IncludeDelegated ? $", {delegations.Count} delegated portions" : "");
            await Reports.WriteUnverifiedAsync(context, result.UnverifiedClaims).ConfigureAwait(false);
            await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        }
        else
        {
            var result = await town.Queries.GetReadyWorkAsync(cancellationToken).ConfigureAwait(false);
            items = request.Status is null ? result.Ready : result.Ready.Where(r => r.Status.Value == request.Status).ToList();
            heading = $"ready: {items.Count} work units; {result.Blocked.Count} blocked";
            await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        }

        if (context.Json)
        {
            var views = new List<JsonObject>(items.Count);
            foreach (var item in items)
            {
                var view = WorkUnitView.Build(item, dependencies: null);
                var portions = delegations.Where(d => d.Parent == item.Uri).ToList();
                if (portions.Count > 0)
                {
                    view["delegations"] = JsonSerializer.SerializeToNode(portions, QueryJsonContext.Default.IReadOnlyListDelegatedPortion);
                }

                views.Add(view);
            }

            await context.WriteJsonAsync(w =>
            {
                w.WriteStartArray();
                foreach (var view in views)
                {
                    view.WriteTo(w);
                }

                w.WriteEndArray();
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        context.Human.MarkupLine($"[bold]{Markup.Escape(heading)}[/]");
        var table = new Table().AddColumns("uri", "status", "type", "P", "title");
        foreach (var item in items)
        {
            table.AddRow(Markup.Escape(item.Uri.ToString()), Markup.Escape(item.Status.Value), Markup.Escape(item.IssueType.Value), item.Priority.ToString(CultureInfo.InvariantCulture), Markup.Escape(item.Title));
        }

        context.Human.Write(table);
        foreach (var portion in delegations)
        {
            var state = portion.IsComplete ? "[green]complete[/]" : "[yellow]in progress[/]";
            context.Human.MarkupLine($"delegated from {Markup.Escape(portion.Parent.ToString())}{(portion.Portion is null ? "" : $" ({Markup.Escape(portion.Portion)})")}: {state}");
            foreach (var child in portion.Children)
            {
                var closed = child.IsClosed ? $"closed {child.ClosedAt} by {child.ClosedBy ?? "?"} for {child.Owner}" : child.Status?.Value ?? child.Unreachable?.ToString() ?? "?";
                context.Human.MarkupLine($"  -> {Markup.Escape(child.Uri.ToString())}: {Markup.Escape(closed)}{(child.AcceptedByChild ? "" : " [grey](not accepted by the child's town)[/]")}");
            }
        }

        return ExitCodes.Success;
    }
}

/// <summary>What <c>gtfed list</c> was asked for.</summary>
internal sealed record ListRequest(string? Remote, string? Org, string? Project, bool IncludeDelegated, bool Ready, string? Status);
