using System.CommandLine;
using GasTown.Federation.Index;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed search TEXT [--remote NAME | --org ENTITY] [--status S] [--limit N] [--after TOKEN]</c>: full-text search of the federation index.</summary>
internal static class SearchCommand
{
    /// <summary>The command's description in <c>search --help</c>: the matching rule, which was said nowhere.</summary>
    internal const string Help =
        "Search the work of every indexed chain: the work units whose title, description, notes or comments hold every word "
        + "given, in any order, case and accents aside. A trailing * matches the words that start with it (pars*). A word is a run "
        + "of letters and digits: punctuation separates words, and a term written with it (e-mail, v1.2) matches its parts side by "
        + "side. Text in scripts written without spaces (Chinese, Japanese, Thai) is indexed in runs between spaces and punctuation, "
        + "so a word inside a run is found only as the run's start with * (パーサー* finds パーサーを書く). Operators (-word, OR, AND, "
        + "NOT, NEAR, title:word) are refused, not read as words; quotes make no phrase. It looks in text, not ids: "
        + "gtfed show ID shows a work unit by its id.";

    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "The words to find in titles, descriptions, notes and comments; every word must match (a trailing * matches a prefix)." };
        var remote = new Option<string?>("--remote") { Description = "Only this remote (or chain URI)." };
        var org = new Option<string?>("--org") { Description = "Only the work of the organisation's verified members (as list --org counts it)." };
        var status = new Option<string?>("--status") { Description = "Only work units with this status (open, closed, in_progress, ...)." };
        var limit = CommonOptions.Limit("At most N results (default 50).");
        var command = new Command("search", Help) { text, remote, org, status, limit, CommonOptions.After };
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
            var words = parse.GetValue(text)!;
            var page = await town.Index.SearchAsync(words, query, ct).ConfigureAwait(false);
            await IndexOutput.WritePageAsync(context, "search", page, oneRemote: query.Remote is not null).ConfigureAwait(false);
            if (page.Items.Count == 0 && query.After is null)
            {
                await NoteIdAsync(context, town, words, ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// For a search that found nothing whose text is one work unit's reference (a short form of this town, or a gt:// URI
    /// the index holds): says that ids are not searched, and how to see it. Nothing for a word that is no unit's id.
    /// </summary>
    private static async Task NoteIdAsync(GtFedContext context, GasTown.Federation.Hosting.Town town, string text, CancellationToken cancellationToken)
    {
        var word = text.Trim();
        if (word.Length == 0 || word.Any(char.IsWhiteSpace) || !GasTown.Federation.WorkReference.TryParse(word, out _))
        {
            return;
        }

        try
        {
            var uri = await town.ResolveAsync(word, Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
            if (await town.Index.ShowAsync(uri, cancellationToken).ConfigureAwait(false) is not null)
            {
                await context.NoteAsync($"{word} is the id of a work unit, and a search does not look in ids: 'gtfed show {word}' shows it.").ConfigureAwait(false);
            }
        }
        catch (GasTown.Federation.FederationException)
        {
            // No unit by that reference here (or no way to resolve it): the empty answer says the rest.
        }
    }
}
