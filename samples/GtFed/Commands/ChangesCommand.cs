using Spectre.Console;
using System.CommandLine;
using GasTown.Federation.Index;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed changes [--since TOKEN] [--limit N]</c>: what re-indexing found changed, newest first, with a token to resume from.</summary>
internal static class ChangesCommand
{
    public static Command Create()
    {
        var since = new Option<string?>("--since") { Description = "Only changes after this token (the 'resume' of an earlier answer)." };
        var limit = CommonOptions.Limit("At most N changes, the newest (default 100); the older ones are on the page the 'older' line gives.");
        var command = new Command("changes", "Work units created, closed or changed in indexed chains, and delegated portions completed or reopened, newest first in the order the index saw them (each time is when the index saw the change, not when the unit was written: one refresh sees many at once).") { since, limit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async context =>
        {
            var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
            var size = parse.GetValue(limit) ?? 100;
            var page = await town.Index.GetChangesAsync(parse.GetValue(since), size, ct).ConfigureAwait(false);
            // A chain that could not be read adds no changes: said as list and search say it, so the feed does not look whole.
            await IndexOutput.NoteChainsAsync(context, page.Chains).ConfigureAwait(false);
            if (page.Stale is { } stale)
            {
                // The index could not be brought up to date (this user may not write it): these are the changes it holds.
                await context.NoteAsync(SdkWording.ForPerson(stale)).ConfigureAwait(false);
            }

            if (context.Json)
            {
                await context.WriteJsonAsync(w => IndexDocuments.Changes(page).WriteTo(w)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (page.Restarted)
            {
                context.Human.WriteLine("The index was rebuilt since that token: these are every change it kept, and changes recorded before the rebuild are lost (list the work again to be sure of its state).");
            }

            if (page.Items.Count == 0)
            {
                context.Human.WriteLine(parse.GetValue(since) is null ? "No changes recorded yet." : "No changes since that token.");
            }

            foreach (var change in page.Items)
            {
                // A delegated portion reads as the parent, the portion, and the change that caused it (all remote text, cleaned).
                context.Human.WriteLine(change.Kind is IndexChange.DelegationCompleted or IndexChange.DelegationReopened
                    ? TerminalText.Clean($"{Timestamps.Format(change.At)}  {change.Kind,-20} {change.Uri}  portion {change.Portion ?? "(none)"}  caused by {change.CausedBy?.ToString() ?? "-"}  {TerminalText.Cut(change.Title)}")
                    : TerminalText.Clean($"{Timestamps.Format(change.At)}  {change.Kind,-20} {change.Uri}  {change.OldStatus ?? "-"} -> {change.NewStatus ?? "-"}  {TerminalText.Cut(change.Title)}"));
            }

            if (page.Older is { } older)
            {
                // Resuming skips what this page left out: said before the resume line, with the command that reads it
                // (unwrapped, so the command stays whole to copy).
                await context.Out.WriteLineAsync($"These are the newest {page.Items.Count}; the older ones are on the next page (gtfed changes --since the token below). Read them before resuming:").ConfigureAwait(false);
                await context.WriteCopyableLineAsync($"(older: --since {older})").ConfigureAwait(false);
            }

            await context.WriteCopyableLineAsync($"resume: --since {page.Resume}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
