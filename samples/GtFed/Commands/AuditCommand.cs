using System.CommandLine;
using System.Globalization;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed audit --actor PATTERN [--since DATE]</c>: an actor's history, newest first.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var actor = new Option<string>("--actor")
        {
            Description = "A glob over actor paths, case-insensitive; * matches any run including '/': gastown/*, */polecats/*, mayor.",
            Required = true,
        };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this time: RFC 3339, a date (YYYY-MM-DD), or a duration back from now (30m, 12h, 7d)." };
        var command = new Command("audit", "An actor's history: events, beads and git commits, local and remote, newest first.") { actor, since, CommonOptions.FetchFirst, CommonOptions.Timeout };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(actor)!, parse.GetValue(since), parse.GetValue(CommonOptions.FetchFirst), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string actorText, string? sinceText, bool fetchFirst, CancellationToken cancellationToken)
    {
        ActorPattern pattern;
        try
        {
            pattern = ActorPattern.Parse(actorText);
        }
        catch (ActorFormatException ex)
        {
            throw GtFedException.BadInput($"--actor '{actorText}' is not an actor pattern: {ex.Message}", ex, "Use a glob over actor paths such as gastown/*, */polecats/* or mayor.");
        }

        var since = Inputs.ParseSince(sinceText, TimeProvider.System);
        var town = context.OpenTown();
        if (fetchFirst)
        {
            await RemoteFetching.FetchEveryRemoteFirstAsync(context, town, cancellationToken).ConfigureAwait(false);
        }

        var result = await town.Queries.AuditAsync(pattern, since, cancellationToken).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
        if (context.Json)
        {
            // One object, as every list gtfed prints: the SDK's shape, shared with every other host.
            var document = QueryDocuments.Audit(result, since);
            await context.WriteJsonAsync(w => document.WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // Upstream's layout: a header per day, then time, source, type, summary, and who.
        string? day = null;
        foreach (var entry in result.Entries)
        {
            var local = entry.Timestamp.ToUniversalTime();
            var entryDay = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (entryDay != day)
            {
                day = entryDay;
                context.Human.Write(new Rule(entryDay).LeftJustified());
            }

            context.Human.MarkupLine($"{local:HH:mm:ss} [grey][[{TerminalText.Markup(entry.Source)}]][/] {TerminalText.Markup(entry.Type)} {TerminalText.Markup(entry.Summary)}");
            // Written unwrapped, so the work unit's URI stays whole on its line.
            await context.Out.WriteLineAsync(TerminalText.Clean($"         by {entry.Actor}" + (entry.Uri is null ? "" : $"  {entry.Uri}"))).ConfigureAwait(false);
            if (entry.Signature is { State: not GasTown.Federation.Provenance.EventSignatureState.Unsigned } signature)
            {
                // Upstream's lines are unsigned: only a signature, good or bad, earns a line.
                await context.Out.WriteLineAsync(TerminalText.Clean($"         {ProofWording.Describe(signature)}")).ConfigureAwait(false);
            }
        }

        if (result.Entries.Count == 0)
        {
            await context.Out.WriteLineAsync($"Nothing matched --actor {TerminalText.Clean(actorText)}.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
