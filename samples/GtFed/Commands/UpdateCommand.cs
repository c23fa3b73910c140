using System.CommandLine;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed update ID [--title --description --notes --status --priority --assignee --type] [--actor A]</c>, as <c>bd update</c>.</summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The work unit in this town: its id (gt-3fi), a short form as show takes (rig/gt-3fi, ./gt-3fi, external:rig:gt-3fi), or its gt:// URI." };
        var title = new Option<string?>("--title") { Description = "A new title." };
        var description = new Option<string?>("--description") { Description = "A new description (\"\" removes it)." };
        var notes = new Option<string?>("--notes") { Description = "New notes (\"\" removes them)." };
        var status = new Option<string?>("--status") { Description = "open, in_progress, blocked, deferred, closed, pinned or hooked." };
        var priority = CommonOptions.WholeNumber("--priority", "0 (highest) to 4.");
        var assignee = new Option<string?>("--assignee") { Description = "A new assignee (\"\" removes it)." };
        var type = new Option<string?>("--type") { Description = "A new issue type." };
        var actor = TownWriting.ActorOption();
        var command = new Command("update", "Change fields of a work unit (as bd update does).") { id, title, description, notes, status, priority, assignee, type, actor };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => TownWriting.RunAsync(() => RunAsync(
            context,
            parse.GetValue(id)!,
            new WorkUnitChanges
            {
                Title = parse.GetValue(title),
                Description = parse.GetValue(description),
                Notes = parse.GetValue(notes),
                Status = parse.GetValue(status) is { } s ? new WorkStatus(s) : null,
                Priority = parse.GetValue(priority),
                Assignee = parse.GetValue(assignee),
                Type = parse.GetValue(type) is { } t ? new WorkType(t) : null,
            },
            parse.GetValue(actor),
            ct))));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string id, WorkUnitChanges changes, string? actor, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        await TownWriting.ValidateActorAsync(actor, town, cancellationToken).ConfigureAwait(false);
        var written = await new TownWriter(town).UpdateWorkUnitAsync(id, changes, cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, town, written, "Updated", cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static async Task ReportAsync(GtFedContext context, string town, WorkUnitWritten written, string verb, CancellationToken cancellationToken)
    {
        var uri = await TownWriting.WorkUnitUriAsync(town, written.Rig, written.WorkUnit.Id, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                TownWriting.WriteUnit(w, written, uri);
                w.WriteString("updated_at", written.WorkUnit.UpdatedAt.Text);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            var what = written.Changed ? verb : "Nothing to change on";
            await context.Out.WriteLineAsync($"{what} {written.WorkUnit.Id} [{written.WorkUnit.Status}] {written.WorkUnit.Title}").ConfigureAwait(false);
        }
    }
}
