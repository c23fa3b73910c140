using System.CommandLine;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed dep add A B [--type T] [--actor X]</c>: A depends on B, as <c>bd dep add</c>; B may be a gt:// URI in another
/// chain (a URI of this town's own chain is the unit's id, checked and stored as the id is).
/// </summary>
internal static class DepCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("id") { Description = "The work unit that depends, in this town: its id (gt-3fi), a short form as show takes (rig/gt-3fi, ./gt-3fi, external:rig:gt-3fi), or its gt:// URI." };
        var to = new Argument<string>("depends-on") { Description = "What it depends on: an id in this town (also rig/gt-3fi, ./gt-3fi), gt://ENTITY/CHAIN/[RIG/]ID in any chain, or external:PROJECT:ID as bd writes it." };
        var type = new Option<string>("--type") { Description = "blocks (default), parent-child, related, discovered-from, waits-for, …", DefaultValueFactory = _ => "blocks" };
        var actor = TownWriting.ActorOption();
        var add = new Command("add", "Add a dependency (as bd dep add does), stamped with the actor.") { from, to, type, actor };
        add.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => TownWriting.RunAsync(() =>
            AddAsync(context, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(type)!, parse.GetValue(actor), ct))));
        return new Command("dep", "Add dependencies between work units, across chains too.") { add };
    }

    private static async Task<int> AddAsync(GtFedContext context, string id, string dependsOn, string type, string? actorOption, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        var actor = await TownWriting.ResolveActorAsync(actorOption, town, cancellationToken).ConfigureAwait(false);
        var written = await new TownWriter(town).AddDependencyAsync(id, dependsOn, new DependencyType(type), actor, cancellationToken).ConfigureAwait(false);
        var added = written.Dependency!;
        if (context.Json)
        {
            var uri = await TownWriting.WorkUnitUriAsync(town, written.Rig, written.WorkUnit.Id, cancellationToken).ConfigureAwait(false);
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                TownWriting.WriteUnit(w, written, uri);
                w.WriteStartObject("dependency");
                w.WriteString("depends_on_id", added.DependsOnId);
                w.WriteString("type", added.Type.Value);
                w.WriteString("created_by", added.CreatedBy);
                w.WriteString("created_at", added.CreatedAt.Text);
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            var what = written.Changed ? "now depends on" : "already depends on";
            await context.Out.WriteLineAsync($"{written.WorkUnit.Id} {what} {added.DependsOnId} ({added.Type})").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
