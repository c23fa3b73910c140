using Spectre.Console;
using System.CommandLine;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary><c>gtfed index [--rebuild]</c>: brings the federation index up to date (progress on standard error) and shows each chain's state.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Build the index again from every chain, from nothing (other processes read the old one until the new one is in place)." };
        var command = new Command("index", "Show the federation index, chain by chain; bring it up to date first.") { rebuild };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async context =>
        {
            var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
            var progress = new IndexProgressWriter(context.Error, live: !GtFedHost.Current.IsErrorRedirected);
            var refresh = parse.GetValue(rebuild)
                ? await town.Index.RebuildAsync(progress, ct).ConfigureAwait(false)
                : await town.Index.RefreshAsync(progress, ct).ConfigureAwait(false);
            if (progress.LineOpen)
            {
                await context.Error.WriteLineAsync().ConfigureAwait(false);
            }

            // A file it could not use (damaged, another application's, a newer SDK's) was deleted and built again: said
            // on standard error, so a person or a log sees why this index parsed everything again.
            if (refresh.Replaced is { } replaced)
            {
                await context.Error.WriteLineAsync(TerminalText.Clean(replaced)).ConfigureAwait(false);
            }

            var chains = await town.Index.GetChainsAsync(ct).ConfigureAwait(false);
            if (context.Json)
            {
                await context.WriteJsonAsync(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", town.Index.DatabasePath);
                    w.WriteNumber("lines_parsed", refresh.LinesParsed);
                    w.WriteString("replaced", refresh.Replaced);
                    w.WriteStartArray("chains");
                    foreach (var chain in chains)
                    {
                        w.WriteStartObject();
                        w.WriteString("chain", chain.Uri.ToString());
                        w.WriteString("remote", chain.RemoteName);
                        w.WriteBoolean("local", chain.IsLocal);
                        w.WriteString("revision", chain.Revision);
                        w.WriteString("answered_from", chain.AnsweredFrom);
                        w.WriteNumber("units", chain.Units);
                        w.WriteNumber("bytes", chain.Bytes);
                        w.WriteNumber("dropped_lines", chain.DroppedLines);
                        w.WriteString("identity", chain.Identity);
                        // What its identity rests on, as remote list says it (the local town's is this machine's own).
                        w.WriteString("trust", chain.IsLocal ? null : RemoteCommand.TrustOf(town.Keys.Get(chain.Uri.Entity)));
                        w.WriteString("indexed_at", chain.IndexedAt is { } at ? Timestamps.Format(at) : null);
                        w.WriteString("unavailable", chain.Unavailable?.ToString());
                        w.WriteString("message", chain.Message);
                        w.WriteStartArray("notes");
                        foreach (var note in chain.Notes)
                        {
                            w.WriteStringValue(note);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var chain in chains)
            {
                var dropped = chain.DroppedLines > 0 ? $", {chain.DroppedLines} line(s) dropped" : "";
                var identity = IdentityText(town, chain);
                var state = !chain.IsAvailable ? $"unavailable ({chain.Unavailable}): {chain.Message}"
                    : chain.AnsweredFrom is not null ? $"{chain.Units} units, {chain.Bytes} bytes{dropped}, {identity}; {chain.Message}"
                    : $"{chain.Units} units, {chain.Bytes} bytes{dropped}, {identity}";
                var revision = chain.Revision is { Length: >= 7 } r && !chain.IsLocal ? r[..7] : "local";
                context.Human.WriteLine(TerminalText.Clean($"{chain.Uri} [{chain.RemoteName ?? "local"} @ {revision}] {state}"));

                // The lines it could not read: how many and where the first is, then each named (--json lists them all).
                if (chain.Notes.Count > 0)
                {
                    var first = SdkWording.ForPerson(chain.Notes[0]);
                    var named = $"{chain.Uri}: ";
                    first = first.StartsWith(named, StringComparison.Ordinal) ? first[named.Length..] : first;
                    var more = chain.Notes.Count > 1 ? $" (and {chain.Notes.Count - 1} more note(s): --json lists them)" : "";
                    await context.Out.WriteLineAsync(TerminalText.Clean($"  {first}{more}")).ConfigureAwait(false); // unwrapped: a path a person copies
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    // A remote's "Verified" said only that its town.json names the owner it was registered for, which anyone who can write
    // to its URL can make it say: with no key known for its owner it is a name only, as remote list and GtWeb say it. An
    // indexed snapshot of an owner with keys passed their signature check (a refused one is answered_from, said apart).
    private static string? IdentityText(Town town, IndexedChain chain)
        => chain.IsLocal || chain.Identity != nameof(GasTown.Federation.Model.ChainIdentityStatus.Verified) ? chain.Identity
        : town.Keys.Get(chain.Uri.Entity) is null ? "name only (unsigned: its town.json names the owner)"
        : "Verified (signed)";
}
