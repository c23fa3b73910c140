using System.CommandLine;
using GasTown.Federation.Model;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed close ID [--reason R] [--actor A]</c>, as <c>bd close</c>.</summary>
internal static class CloseCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The work unit in this town: its id (gt-3fi), a short form as show takes (rig/gt-3fi, ./gt-3fi, external:rig:gt-3fi), or its gt:// URI." };
        var reason = new Option<string?>("--reason") { Description = "Why it is closed (written as close_reason)." };
        var actor = TownWriting.ActorOption();
        var command = new Command("close", "Close a work unit (as bd close does).") { id, reason, actor };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => TownWriting.RunAsync(() =>
            RunAsync(context, parse.GetValue(id)!, parse.GetValue(reason), parse.GetValue(actor), ct))));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string id, string? reason, string? actor, CancellationToken cancellationToken)
    {
        var town = TownWriting.LocateTown(context);
        await TownWriting.ValidateActorAsync(actor, town, cancellationToken).ConfigureAwait(false);
        var written = await new TownWriter(town).CloseWorkUnitAsync(id, reason, cancellationToken).ConfigureAwait(false);
        await UpdateCommand.ReportAsync(context, town, written, "Closed", cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
