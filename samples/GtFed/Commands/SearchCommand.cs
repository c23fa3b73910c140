using System.CommandLine;
using GasTown.Federation.Index;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed search TEXT [--remote NAME | --org ENTITY] [--status S] [--limit N] [--after TOKEN]</c>: full-text search of the federation index.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "The words to find in titles, descriptions, notes and comments (a trailing * matches a prefix)." };
        var remote = new Option<string?>("--remote") { Description = "Only this remote (or chain URI)." };
        var org = new Option<string?>("--org") { Description = "Only the work of the organisation's verified members (as list --org counts it)." };
        var status = new Option<string?>("--status") { Description = "Only work units with this status (open, closed, in_progress, ...)." };
        var limit = CommonOptions.Limit("At most N results (default 50).");
        var command = new Command("search", "Search the work of every indexed chain.") { text, remote, org, status, limit, CommonOptions.After };
        // Which options were given is read from their results, and a text value through CommonOptions.GivenValue: an
        // option given with no value is System.CommandLine's own error (exit 2), never a value read here (which throws).
        command.Validators.Add(result =>
        {
            if (result.GetResult(remote) is not null && result.GetResult(org) is not null)
            {
                result.AddError("Give at most one of --remote NAME and --org ENTITY.");
            }
            else if (CommonOptions.GivenValue(result, status) is { } s && !ListCommand.KnownStatuses.Contains(s))
            {
                // As list says it: a status no unit can have would silently match nothing.
                result.AddError($"--status '{TerminalText.Clean(s)}' is not a status; use one of {string.Join(", ", ListCommand.KnownStatuses)}.");
            }
        });
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async context =>
        {
            var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
            if (parse.GetValue(org) is { } entity)
            {
                await OrganizationSearchOutput.RunAsync(context, town, Inputs.ParseEntity(entity, "--org"), parse.GetValue(text)!, parse.GetValue(status), parse.GetValue(limit) ?? CommonOptions.DefaultPageSize, parse.GetValue(CommonOptions.After), ct).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var query = new IndexQuery
            {
                Remote = parse.GetValue(remote),
                Status = parse.GetValue(status) is { } s ? new GasTown.Federation.Model.WorkStatus(s) : null,
                Limit = parse.GetValue(limit) ?? CommonOptions.DefaultPageSize,
                After = parse.GetValue(CommonOptions.After),
            };
            var page = await town.Index.SearchAsync(parse.GetValue(text)!, query, ct).ConfigureAwait(false);
            await IndexOutput.WritePageAsync(context, "search", page).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
