using System.CommandLine;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed fetch [NAME]</c>: fetch one remote, or every remote, then bring the federation index up to date.</summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "The remote to fetch (default: every remote).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("fetch", "Fetch remote chains over git (NAME, or every remote when left out, four at once), then bring the federation index up to date, with progress on standard error.") { name, CommonOptions.Timeout };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(name), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string? name, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var remotes = name is null ? town.Remotes.List().Select(r => r.Name).ToList() : [town.Remotes.Get(name).Name];
        if (remotes.Count == 0)
        {
            // As git fetch with no remotes: nothing to do is not a failure. Said on standard error; --json gets a document of no fetches.
            await context.NoteAsync("No remotes to fetch: this town has registered none. Add one with: gtfed remote add NAME gt://ENTITY/CHAIN [--url GIT-URL]").ConfigureAwait(false);
        }

        IReadOnlyList<FetchResult> results = remotes.Count == 0 ? [] : await RemoteFetching.FetchAsync(context, town, remotes, cancellationToken).ConfigureAwait(false);
        var index = results.Any(r => r.Succeeded) ? await RemoteFetching.BringIndexUpToDateAsync(context, town, cancellationToken).ConfigureAwait(false) : null;
        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", results.Count);
                w.WriteBoolean("succeeded", results.All(r => r.Succeeded));
                w.WriteStartArray("items");
                foreach (var result in results)
                {
                    w.WriteStartObject();
                    w.WriteString("remote", result.RemoteName);
                    w.WriteString("url", result.Url);
                    w.WriteBoolean("succeeded", result.Succeeded);
                    w.WriteString("fetched_at", Timestamps.Format(result.FetchedAt));
                    w.WriteNumber("updated_refs", result.UpdatedRefs);
                    w.WriteNumber("received_objects", result.ReceivedObjects);
                    if (result.NothingPublished)
                    {
                        w.WriteBoolean("nothing_published", true);
                    }

                    if (result.Error is not null)
                    {
                        w.WriteString("error", SdkWording.ForPerson(result.Error.Message) + Hint(result.Error, town));
                    }

                    if (result.TipSignature is { } signature)
                    {
                        w.WriteStartObject("tip_signature");
                        w.WriteString("proof", signature.Proof.ToString());
                        w.WriteString("signer", signature.SignerFingerprint);
                        if (signature.Agent is not null)
                        {
                            w.WriteString("agent", signature.Agent);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (index is not null)
                {
                    w.WriteStartObject("index");
                    w.WriteBoolean("up_to_date", index.Problem is null);
                    w.WriteNumber("lines_parsed", index.LinesParsed);
                    if (index.Problem is not null)
                    {
                        w.WriteString("error", index.Problem);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var result in results)
            {
                var line = !result.Succeeded
                    ? $"Could not fetch {result.RemoteName} ({result.Url}): {SdkWording.ForPerson(result.Error!.Message)}{Hint(result.Error, town)}"
                    : result.NothingPublished
                        ? $"Fetched {result.RemoteName} ({result.Url}): it publishes nothing to read yet. {ErrorMapping.NothingPublishedHint(result.RemoteName)}"
                        : $"Fetched {result.RemoteName} ({result.Url}): {result.UpdatedRefs} refs updated, {result.ReceivedObjects} objects.";
                line = TerminalText.Clean(line);
                await (result.Succeeded ? context.Out : context.Error).WriteLineAsync(line).ConfigureAwait(false);
                if (result.TipSignature is { } signature)
                {
                    await context.Out.WriteLineAsync(TerminalText.Clean("  " + ProofWording.Describe(signature))).ConfigureAwait(false);
                }
            }
        }

        return results.All(r => r.Succeeded) ? ExitCodes.Success : ExitCodes.RemoteOrIo;
    }

    // What a person can do about a refused key change (the SDK's message names the call that accepts a key, which gtfed
    // drops), or a fetch stopped on one of the transport's budgets, which gtfed keeps at the SDK's defaults (the SDK's own
    // message names the option, which the person at a terminal cannot set).
    private static string Hint(RemoteFetchException error, Town town) => error.Budget switch
    {
        // The refusal itself is the inner exception: only a valid signature by another key than the one kept is a key change.
        null when error.InnerException is GasTown.Federation.Model.ChainSignatureException { IsKeyChange: true } => " " + KeyChangeHint.For(town, error.RemoteName ?? "NAME"),
        // Found in a repository on this machine (ObjectId): it may be on another branch or unreachable, not published.
        { Kind: FetchBudgetKind.ObjectSize, ObjectId: { } id } b =>
            $" gtfed fetches no file larger than {Mib(b.Maximum)} from a remote, and this repository holds {Mib(b.Actual)} in object {id[..7]}: its owner must remove it from the repository (from every branch and its history; 'git gc --prune=now' drops it once nothing refers to it), or read the remote with a program that raises the SDK's GitTransportOptions.MaxFetchObjectBytes.",
        { Kind: FetchBudgetKind.ObjectSize } b =>
            $" gtfed fetches no file larger than {Mib(b.Maximum)} from a remote, and this one holds {Mib(b.Actual)}: ask its owner to take it off the published branch (and out of the repository's history), or read the remote with a program that raises the SDK's GitTransportOptions.MaxFetchObjectBytes.",
        { Kind: FetchBudgetKind.ReceivedBytes } b =>
            $" gtfed receives at most {Mib(b.Maximum)} from one remote in one fetch: ask its owner to publish less, or read the remote with a program that raises the SDK's GitTransportOptions.MaxFetchBytes.",
        _ => "",
    };

    private static string Mib(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}
