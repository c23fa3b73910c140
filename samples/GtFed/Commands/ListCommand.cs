using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed list --remote NAME | --org ENTITY | --project URI [--include-delegated] | --ready [--status S] [--limit N [--after TOKEN]]</c>:
/// a page with <c>--limit</c>/<c>--after</c>; without, the whole list, walked page by page (<see cref="StreamedList"/>) except
/// <c>--ready</c>, whose document counts the blocked units the pages do not describe.
/// </summary>
internal static class ListCommand
{
    internal static readonly string[] KnownStatuses = ["open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked", "tombstone"];

    public static Command Create()
    {
        var remote = new Option<string?>("--remote") { Description = "Every work unit of one registered remote chain." };
        var org = new Option<string?>("--org") { Description = "All work of the organisation's verified members, in every known chain." };
        var project = new Option<string?>("--project") { Description = "A project (work unit URI or short form) and its descendants." };
        var delegated = new Option<bool>("--include-delegated") { Description = "With --project: also everything delegated from it, transitively, across chains." };
        var ready = new Option<bool>("--ready") { Description = "Only open work whose blockers, local or remote, are all closed." };
        var status = new Option<string?>("--status") { Description = "Only work units with this status (open, closed, in_progress, ...)." };
        var limit = CommonOptions.Limit("At most N work units, a page (see --after), with any selector; pages come from the federation index whenever it can answer.");
        var command = new Command("list", "List work across the federation, from what was last fetched (--fetch to fetch first).") { remote, org, project, delegated, ready, status, limit, CommonOptions.After };
        CommonOptions.AddFetchFirst(command);
        // Which options were given is read from their results, and a text value through CommonOptions.GivenValue: an
        // option given with no value is System.CommandLine's own error (exit 2), never a value read here (which throws).
        command.Validators.Add(result =>
        {
            var chosen = new[] { result.GetResult(remote) is not null, result.GetResult(org) is not null, result.GetResult(project) is not null, result.GetValue(ready) }
                .Count(x => x);
            if (chosen != 1)
            {
                result.AddError("Give exactly one of --remote NAME, --org ENTITY, --project URI or --ready.");
            }
            else if (result.GetValue(delegated) && result.GetResult(project) is null)
            {
                result.AddError("--include-delegated goes with --project.");
            }
            else if (CommonOptions.GivenValue(result, status) is { } s && !KnownStatuses.Contains(s))
            {
                // Upstream's statuses (bd 1.x): anything else would silently match nothing.
                result.AddError($"--status '{TerminalText.Clean(s)}' is not a status; use one of {string.Join(", ", KnownStatuses)}.");
            }
        });
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(
            context,
            new ListRequest(parse.GetValue(remote), parse.GetValue(org), parse.GetValue(project), parse.GetValue(delegated), parse.GetValue(ready), parse.GetValue(status), parse.GetValue(CommonOptions.FetchFirst))
            {
                Limit = parse.GetValue(limit),
                After = parse.GetValue(CommonOptions.After),
            },
            ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, ListRequest request, CancellationToken cancellationToken)
    {
        var town = await context.OpenTownToQueryAsync().ConfigureAwait(false);
        if (request.FetchFirst)
        {
            await RemoteFetching.FetchEveryRemoteFirstAsync(context, town, cancellationToken).ConfigureAwait(false);
        }

        var filter = request.Status is null ? null : new WorkFilter(Status: new GasTown.Federation.Model.WorkStatus(request.Status));
        if (request.Limit is null && request.After is null && !request.Ready)
        {
            // A whole list, walked page by page: memory bounded by a page at any size.
            return await StreamedList.RunAsync(context, town, request, filter, cancellationToken).ConfigureAwait(false);
        }

        if (request.Ready && request.Limit is null && request.After is null)
        {
            // The whole ready answer, walked page by page: the same output, never the whole answer in memory.
            return await StreamedReadyList.RunAsync(context, town, filter, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<WorkUnitSummary> items;
        IReadOnlyList<DelegatedPortion> delegations = [];
        IReadOnlyList<UnverifiedClaim> unverified = [];
        IReadOnlyList<UnreachableItem> unreachable;
        IReadOnlyList<UnreachableOmission> omitted = [];
        IReadOnlyList<ChainState> chains;
        IReadOnlyList<Truncation> truncations = [];
        string heading;
        // The next page's token, said after the page on a line of its own (a heading the console wraps would split it).
        string? more;
        var proofs = new List<string>();
        // The --json document: the SDK's shape, shared with every other host. Built only when --json asks for it
        // (serialising a result is most of the JIT a fresh process pays for a plain listing).
        Func<JsonObject> document;
        if (request.Remote is not null)
        {
            // A page: the same items in the same order and the same document, plus the token of the next page (absent on the last).
            var page = await town.Queries.ListByRemotePageAsync(request.Remote, request.Limit ?? CommonOptions.DefaultPageSize, request.After, filter, cancellationToken).ConfigureAwait(false);
            var result = page.Result;
            ThrowIfUnread(result, request.Remote, town);
            var next = page.Next;
            more = next;
            items = result.Items;
            unreachable = result.Unreachable;
            chains = result.Chains;
            heading = $"{result.Chain}: {items.Count} work units" + (result.DataAsOf is { } asOf ? $" (fetched {Timestamps.Format(asOf)})" : "");
            proofs.AddRange(IdentityLines(result));
            document = () =>
            {
                var json = QueryDocuments.RemoteList(result, request.Remote);
                if (next is not null)
                {
                    json["next"] = next;
                }

                return json;
            };
        }
        else if (request.Org is not null)
        {
            var organization = Inputs.ParseEntity(request.Org, "--org");
            // A page: the same items in the same order and the same document, plus the token of the next page (absent on the last).
            var page = await town.Queries.ListByOrganizationPageAsync(organization, request.Limit ?? CommonOptions.DefaultPageSize, request.After, filter, cancellationToken).ConfigureAwait(false);
            var result = page.Result;
            var next = page.Next;
            more = next;

            items = result.Items.Select(i => i.WorkUnit).ToList();
            unverified = result.UnverifiedClaims;
            unreachable = result.Unreachable;
            chains = result.Chains;
            truncations = result.Truncations;
            heading = $"{result.Organization}: {VerifiedMembers(result.Members)}; {items.Count} work units";
            // How far each asserting chain is proven: employment counts only from a signed (or the town's own) chain.
            foreach (var asserter in result.Members.GroupBy(m => m.AssertedBy))
            {
                var proof = result.Chains.FirstOrDefault(c => c.Chain == asserter.Key)?.Proof;
                proofs.Add($"  employment of {string.Join(", ", asserter.Select(m => m.Entity))} asserted by {asserter.Key}: {ProofWording.Describe(proof)}");
            }

            document = () =>
            {
                var json = QueryDocuments.OrganizationList(result);
                if (next is not null)
                {
                    json["next"] = next;
                }

                return json;
            };
        }
        else if (request.Project is not null)
        {
            // A page: the same items in the same order and the same document, plus the token of the next page (absent on the last).
            var page = await town.Queries.ListByProjectPageAsync(request.Project, request.IncludeDelegated, request.Limit ?? CommonOptions.DefaultPageSize, request.After, filter, cancellationToken).ConfigureAwait(false);
            var result = page.Result;
            var next = page.Next;
            more = next;

            items = result.Items;
            delegations = result.Delegations;
            unverified = result.UnverifiedClaims;
            unreachable = result.Unreachable;
            chains = result.Chains;
            truncations = result.Truncations;
            heading = $"{result.Project}: {items.Count} work units" + (request.IncludeDelegated ? $", {delegations.Count} delegated portions" : "");
            document = () =>
            {
                var json = QueryDocuments.ProjectList(result, request.IncludeDelegated);
                if (next is not null)
                {
                    json["next"] = next;
                }

                return json;
            };
        }
        else
        {
            // A page of the ready list: its items in the list's order, the same document without the blocked count (the
            // page's own count is a share of a walk's total, not the list's), plus the token of the next page (absent on the last).
            var page = await town.Queries.GetReadyWorkPageAsync(request.Limit ?? CommonOptions.DefaultPageSize, request.After, filter, cancellationToken).ConfigureAwait(false);
            items = page.Items;
            unreachable = page.Unreachable;
            omitted = page.OmittedUnreachable;
            chains = page.Chains;
            truncations = page.Truncations;
            heading = $"ready: {items.Count} work units";
            more = page.Next;
            document = () => QueryDocuments.ReadyPage(page);
        }
        // For a person on standard error in both modes; --json also carries them in its document.
        await Reports.WriteUnverifiedAsync(context, unverified).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, unreachable, omitted).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, chains, truncations).ConfigureAwait(false);
        if (context.Json)
        {
            await context.WriteJsonAsync(w => document().WriteTo(w)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        context.Human.MarkupLine($"[bold]{TerminalText.Markup(heading)}[/]");
        foreach (var proof in proofs)
        {
            context.Human.MarkupLine(TerminalText.Markup(proof));
        }

        WorkTable.Write(context.Human, items);
        DelegationLines.Write(context.Human, delegations);
        await context.WriteMoreAsync(more).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// A list of one remote whose chain could not be read at all has no answer: that is a failure (exit 3, and the
    /// <c>error</c> document under <c>--json</c>), as <c>show</c>'s is, not "0 work units". A list over many chains answers
    /// from those it could read and names the others instead.
    /// </summary>
    internal static void ThrowIfUnread(WorkListResult result, string remote, Town town)
    {
        if (result.Items.Count == 0 && result.Unreachable.FirstOrDefault() is { } cause)
        {
            throw new GtFedException(ExitCodes.RemoteOrIo, SdkWording.ForPerson(cause.Message), hint: cause.Reason switch
            {
                UnreachableReason.NeverFetched when town.Remotes.TryGet(remote, out var registered) => ErrorMapping.NeverFetchedHint(registered),
                UnreachableReason.NeverFetched => $"Fetch it first: gtfed fetch {remote}",
                UnreachableReason.InvalidChain or UnreachableReason.LoadFailed => ErrorMapping.UnreadableDataHint,
                UnreachableReason.SignatureRefused => KeyChangeHint.For(town, remote),
                _ => $"'gtfed fetch {remote}' says what its last fetch met, and 'gtfed index' what the index holds of it.",
            });
        }
    }

    /// <summary>"verified members a, b", or "no verified members" (the heading ended in a bare "verified members ").</summary>
    /// <summary>
    /// How far a remote's identity is proven, said under its list's heading as <c>remote list</c> says it: the rows of an
    /// unsigned remote are whatever whoever can write to its URL put there, which its JSON (<c>proof</c>) said and its
    /// text did not. None for the town's own chain.
    /// </summary>
    internal static IEnumerable<string> IdentityLines(WorkListResult result)
    {
        if (result.Chains.FirstOrDefault(c => c.Chain == result.Chain)?.Proof is { } proof)
        {
            yield return $"  identity: {ProofWording.Describe(proof)}";
        }
    }

    internal static string VerifiedMembers(IReadOnlyList<GasTown.Federation.Query.OrganizationMember> members)
        => members.Count == 0 ? "no verified members" : $"verified members {string.Join(", ", members.Select(m => m.Entity))}";
}

/// <summary>What <c>gtfed list</c> was asked for.</summary>
internal sealed record ListRequest(string? Remote, string? Org, string? Project, bool IncludeDelegated, bool Ready, string? Status, bool FetchFirst)
{
    /// <summary>The page size, when a page from the index is asked for.</summary>
    public int? Limit { get; init; }

    /// <summary>The continuation token of the previous page.</summary>
    public string? After { get; init; }
}
