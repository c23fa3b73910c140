using System.CommandLine;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed well-known [--url URL]</c>: print the .well-known/gastown.json the town's owner serves.</summary>
internal static class WellKnownCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "The git URL others fetch this town's published branch from (default: this town's federation repository path)." };
        var command = new Command("well-known", "Print the document to serve at https://DOMAIN/.well-known/gastown.json: this town's chain, where to fetch it, and its signing key.") { url };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(url), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string? url, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var document = await town.GetWellKnownDocumentAsync(url, cancellationToken).ConfigureAwait(false);

        // The document is the output, JSON or not: serving it is copying this file.
        await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(document.ToUtf8Json())).ConfigureAwait(false);
        if (url is null)
        {
            await context.NoteAsync("The chain's URL is this town's federation repository path; pass --url with the URL others can fetch (e.g. your push target's).").ConfigureAwait(false);
        }

        if (document.Keys.Count == 0 && document.People.All(p => p.Keys.Count == 0))
        {
            await context.NoteAsync("No signing key is configured, so the document lists none: set git config user.signingKey (with gpg.format=ssh) in federation/git, or see 'gtfed key'.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
