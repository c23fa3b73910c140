using System.CommandLine;
using System.Globalization;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed audit --actor PATTERN [--since DATE] [--limit N] [--after TOKEN]</c>: an actor's history, newest first.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var actor = new Option<string>("--actor")
        {
            Description = "A glob over actor paths, case-insensitive; * matches any run including '/': gastown/*, */polecats/*, mayor.",
            Required = true,
        };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this: " + AuditSince.Forms + "." };
        var limit = CommonOptions.Limit("At most N entries, a page (see --after).");
        var command = new Command("audit", "An actor's history: events, beads and git commits, local and remote, newest first.") { actor, since, limit, CommonOptions.After };
        CommonOptions.AddFetchFirst(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(
            context, parse.GetValue(actor)!, parse.GetValue(since), parse.GetValue(CommonOptions.FetchFirst), parse.GetValue(limit), parse.GetValue(CommonOptions.After), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string actorText, string? sinceText, bool fetchFirst, int? limit, string? after, CancellationToken cancellationToken)
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
        var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
        if (fetchFirst)
        {
            await RemoteFetching.FetchEveryRemoteFirstAsync(context, town, cancellationToken).ConfigureAwait(false);
        }

        // A page, or the whole history walked page by page (FederationQueries.WalkAuditAsync), so the process holds a page,
        // not an actor's whole history: the same entries in the same order and the same document either way.
        // --after alone asks for a page of the default size, as it does of list, search and dependents.
        var paged = limit is not null || after is not null;
        var pages = paged
            ? OnePage(town.Queries.AuditPageAsync(pattern, since, limit ?? CommonOptions.DefaultPageSize, after, cancellationToken))
            : town.Queries.WalkAuditAsync(pattern, since, FederationQueries.DefaultWalkPageSize, cancellationToken);
        // A page is held whole (it is in memory already); a walk's items past its first page go to a file.
        using var spool = context.Json ? new ListDocumentWriter(paged ? limit ?? CommonOptions.DefaultPageSize : FederationQueries.DefaultWalkPageSize) : null;
        AuditPage? first = null;
        string? next = null;
        var count = 0;
        string? day = null;
        await foreach (var page in pages.ConfigureAwait(false))
        {
            if (first is null)
            {
                // What could not be read, and each chain's trust, are the whole audit's on every page: said once, first.
                first = page;
                await Reports.WriteUnreachableAsync(context, page.Result.Unreachable).ConfigureAwait(false);
                await Reports.WriteTrustAsync(context, page.Result.Chains, page.Result.Truncations).ConfigureAwait(false);
            }

            next = page.Next;
            count += page.Result.Entries.Count;
            foreach (var entry in page.Result.Entries)
            {
                if (spool is not null)
                {
                    spool.Add(QueryDocuments.AuditItem(entry));
                }
                else
                {
                    day = await WriteAsync(context, entry, day).ConfigureAwait(false);
                }
            }
        }

        // A walk and a page always give a first page.
        first = first ?? throw new InvalidOperationException("The audit gave no page.");
        if (spool is not null)
        {
            // One object, as every list gtfed prints: the SDK's shape, shared with every other host; a page adds its token.
            var skeleton = QueryDocuments.Audit(first.Result with { Entries = [] }, since);
            if (paged && next is not null)
            {
                skeleton["next"] = next;
            }

            await spool.WriteAsync(context.Out, skeleton, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (count == 0 && after is null)
        {
            await context.Out.WriteLineAsync($"Nothing matched --actor {TerminalText.Clean(actorText)}.").ConfigureAwait(false);
        }

        if (paged)
        {
            await context.WriteMoreAsync(next).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    // Upstream's layout: a header per day, then time, source, type, summary, and who. Returns the day now open.
    private static async Task<string> WriteAsync(GtFedContext context, AuditEntry entry, string? day)
    {
        var local = entry.Timestamp.ToUniversalTime();
        var entryDay = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (entryDay != day)
        {
            context.Human.Write(new Rule(entryDay).LeftJustified());
        }

        // An event's source, type and summary are a chain's text of any length (a 3 MB type was printed whole): cut as a
        // row's title is.
        context.Human.MarkupLine($"{local:HH:mm:ss} [grey][[{TerminalText.Markup(TerminalText.CutWord(entry.Source))}]][/] {TerminalText.Markup(TerminalText.Cut(entry.Type))} {TerminalText.Markup(TerminalText.Cut(entry.Summary))}");
        // Written unwrapped, so the work unit's URI stays whole on its line.
        await context.Out.WriteLineAsync(TerminalText.Clean($"         by {TerminalText.Cut(entry.Actor)}" + (entry.Uri is null ? "" : $"  {entry.Uri}"))).ConfigureAwait(false);
        if (entry.Signature is { State: not EventSignatureState.Unsigned } signature)
        {
            // Upstream's lines are unsigned: only a signature, good or bad, earns a line.
            await context.Out.WriteLineAsync(TerminalText.Clean($"         {ProofWording.Describe(signature)}")).ConfigureAwait(false);
        }

        return entryDay;
    }

    private static async IAsyncEnumerable<AuditPage> OnePage(ValueTask<AuditPage> page)
    {
        yield return await page.ConfigureAwait(false);
    }
}
