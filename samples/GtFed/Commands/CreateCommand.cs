using System.CommandLine;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed create --title T [--rig R] [--type --priority --assignee --parent --description --labels] [--actor A]</c>:
/// a new work unit as <c>bd create</c> makes it. Prints the new id on standard output (and only the id), or with
/// <c>--json</c> an object with <c>id</c>.
/// </summary>
internal static class CreateCommand
{
    public static Command Create()
    {
        var title = new Option<string>("--title") { Description = "The title (one line).", Required = true };
        var rig = new Option<string?>("--rig") { Description = "The rig (name or prefix). Default: the rig whose folder you are in." };
        var type = new Option<string>("--type") { Description = "bug, feature, task, epic, chore, decision, spike, story, milestone, …", DefaultValueFactory = _ => "task" };
        var priority = CommonOptions.WholeNumber("--priority", "0 (highest) to 4 (default 2).");
        var assignee = new Option<string?>("--assignee") { Description = "Who the work is assigned to." };
        var parent = new Option<string?>("--parent") { Description = "The parent's id: the new unit becomes its child (id PARENT.N)." };
        var description = new Option<string?>("--description") { Description = "A longer description." };
        var labels = new Option<string[]>("--labels") { Description = "Labels; repeat or separate with commas.", AllowMultipleArgumentsPerToken = true };
        var actor = TownWriting.ActorOption();
        var command = new Command("create", "Create a work unit (as bd create does) and print its id.")
        {
            title, rig, type, priority, assignee, parent, description, labels, actor,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => TownWriting.RunAsync(() => RunAsync(
            context,
            parse.GetValue(rig),
            new WorkUnitDraft
            {
                Title = parse.GetValue(title)!,
                Type = new WorkType(parse.GetValue(type)),
                Priority = parse.GetValue(priority) ?? 2,
                Assignee = parse.GetValue(assignee),
                Parent = parse.GetValue(parent),
                Description = parse.GetValue(description),
                Labels = [.. (parse.GetValue(labels) ?? []).SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            },
            parse.GetValue(actor),
            ct))));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string? rig, WorkUnitDraft draft, string? actorOption, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        var writer = new TownWriter(town);
        var (actor, owner) = await TownWriting.ResolveWriterAsync(actorOption, town, cancellationToken).ConfigureAwait(false);
        draft = draft with { Owner = owner };
        rig ??= (await writer.FindRigForFolderAsync(Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false))?.RigName;
        if (rig is null)
        {
            var routes = await RouteTable.LoadAsync(Path.Combine(town, RouteTable.RelativePath), cancellationToken).ConfigureAwait(false);
            var rigs = string.Join(", ", routes.Routes.Where(r => !r.IsTownLevel).Select(r => r.RigName));
            throw GtFedException.BadInput(rigs.Length == 0
                ? "The town has no rigs yet. Add one first: gtfed rig add NAME --prefix P"
                : $"Which rig? Pass --rig NAME, or run this inside a rig's folder. Rigs here: {rigs}.");
        }

        var written = await writer.CreateWorkUnitAsync(rig, draft, actor, cancellationToken).ConfigureAwait(false);
        var uri = await TownWriting.WorkUnitUriAsync(town, written.Rig, written.WorkUnit.Id, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                TownWriting.WriteUnit(w, written, uri);
                w.WriteString("created_by", written.WorkUnit.CreatedBy);
                w.WriteString("created_at", written.WorkUnit.CreatedAt.Text);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            // The id alone on standard output, so that id=$(gtfed create …) works; the sentence goes to standard error.
            await context.Out.WriteLineAsync(written.WorkUnit.Id).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Created {written.WorkUnit.Id} in rig {written.Rig} as {actor}{(uri is { } u ? $": {u}" : string.Empty)}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
