using System.CommandLine;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed rig add NAME --prefix P</c> and <c>gtfed rig list</c>: a town's rigs, laid out as <c>gt rig add</c> does.</summary>
internal static class RigCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The rig's name: letters, digits and underscores, e.g. gastown." };
        var prefix = new Option<string>("--prefix") { Description = "The id prefix of the rig's work units, e.g. gt (ids become gt-xxx).", Required = true };
        var add = new Command("add", "Add a rig: its route in .beads/routes.jsonl, its folder with .beads/issues.jsonl, config.json and the mayor/rigs.json entry.") { name, prefix };
        add.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context =>
            TownWriting.RunAsync(() => AddAsync(context, parse.GetValue(name)!, parse.GetValue(prefix)!, ct))));

        var list = new Command("list", "List the town's rigs with their prefixes and folders.");
        list.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => ListAsync(context, ct)));
        return new Command("rig", "Add and list the town's rigs (projects).") { add, list };
    }

    private static async Task<int> AddAsync(GtFedContext context, string name, string prefix, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        var added = await new TownWriter(town).AddRigAsync(name, prefix, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("rig", added.Name);
                w.WriteString("prefix", added.Prefix);
                w.WriteString("route_prefix", added.Route.Prefix);
                w.WriteString("path", added.Route.Path);
                w.WriteString("folder", added.Folder);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Added rig {added.Name} at {added.Folder} (ids {added.Route.Prefix}…). Next: gtfed create --rig {added.Name} --title \"…\"").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(GtFedContext context, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        var routes = await RouteTable.LoadAsync(Path.Combine(town, RouteTable.RelativePath), cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                foreach (var route in routes.Routes)
                {
                    w.WriteStartObject();
                    w.WriteString("rig", route.RigName);
                    w.WriteString("prefix", route.Prefix);
                    w.WriteString("path", route.Path);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else if (routes.Routes.Count == 0)
        {
            await context.Out.WriteLineAsync("No rigs yet. Add one: gtfed rig add NAME --prefix P").ConfigureAwait(false);
        }
        else
        {
            foreach (var route in routes.Routes)
            {
                await context.Out.WriteLineAsync($"{route.RigName,-20} {route.Prefix,-10} {route.Path}").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
