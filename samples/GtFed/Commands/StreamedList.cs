using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed list --remote | --org | --project</c> without <c>--limit</c>: the whole list, walked page by page through the
/// SDK's walks (<see cref="FederationQueries.WalkByRemoteAsync"/> and its siblings), so the process holds a page, not the
/// answer. A person sees each page's rows as it comes (the count closes the list); <c>--json</c> writes the document
/// QueryDocuments builds from the whole result, byte for byte, its items spooled (<see cref="ListDocumentWriter"/>) because
/// the document's <c>count</c> comes before them.
/// </summary>
internal static class StreamedList
{
    private const int PageSize = FederationQueries.DefaultWalkPageSize;

    public static Task<int> RunAsync(GtFedContext context, Town town, ListRequest request, WorkFilter? filter, CancellationToken cancellationToken)
    {
        if (request.Remote is { } remote)
        {
            return WriteAsync(context, town.Queries.WalkByRemoteAsync(remote, filter, PageSize, cancellationToken), page =>
            {
                ListCommand.ThrowIfUnread(page.Result, remote, town);
                return new ListPageView(
                    page.Result.Items,
                    page.Result.Unreachable,
                    page.Result.Chains,
                    () => QueryDocuments.RemoteList(page.Result with { Items = [] }, remote),
                    $"{page.Result.Chain}" + (page.Result.DataAsOf is { } asOf ? $" (fetched {Timestamps.Format(asOf)})" : ""))
                {
                    Proofs = [.. ListCommand.IdentityLines(page.Result)],
                };
            }, cancellationToken);
        }

        if (request.Org is { } org)
        {
            var organization = Inputs.ParseEntity(org, "--org");
            return WriteAsync(context, town.Queries.WalkByOrganizationAsync(organization, filter, PageSize, cancellationToken), page =>
            {
                var result = page.Result;
                return new ListPageView(
                    [.. result.Items.Select(i => i.WorkUnit)],
                    result.Unreachable,
                    result.Chains,
                    () => QueryDocuments.OrganizationList(result with { Items = [] }),
                    $"{result.Organization}: {ListCommand.VerifiedMembers(result.Members)}")
                {
                    Unverified = result.UnverifiedClaims,
                    Truncations = result.Truncations,
                    // How far each asserting chain is proven: employment counts only from a signed (or the town's own) chain.
                    Proofs = [.. result.Members.GroupBy(m => m.AssertedBy).Select(asserter =>
                        $"  employment of {string.Join(", ", asserter.Select(m => m.Entity))} asserted by {asserter.Key}: {ProofWording.Describe(result.Chains.FirstOrDefault(c => c.Chain == asserter.Key)?.Proof)}")],
                };
            }, cancellationToken);
        }

        var project = request.Project ?? throw new InvalidOperationException("A streamed list needs --remote, --org or --project.");
        return WriteAsync(context, town.Queries.WalkByProjectAsync(project, request.IncludeDelegated, filter, PageSize, cancellationToken), page =>
        {
            var result = page.Result;
            return new ListPageView(
                result.Items,
                result.Unreachable,
                result.Chains,
                () => QueryDocuments.ProjectList(result with { Items = [] }, request.IncludeDelegated),
                $"{result.Project}")
            {
                Delegations = result.Delegations,
                Unverified = result.UnverifiedClaims,
                Truncations = result.Truncations,
                Count = count => $"{count} work units" + (request.IncludeDelegated ? $", {result.Delegations.Count} delegated portions" : ""),
            };
        }, cancellationToken);
    }

    private static async Task<int> WriteAsync<TPage>(GtFedContext context, IAsyncEnumerable<TPage> pages, Func<TPage, ListPageView> viewOf, CancellationToken cancellationToken)
    {
        // What the whole list says besides its items (members, chains, unreachable, ...) is the same on every page: the
        // first page's is written.
        ListPageView? first = null;
        using var spool = context.Json ? new ListDocumentWriter(PageSize) : null;
        var count = 0;
        GtUri? chain = null;
        await foreach (var page in pages.ConfigureAwait(false))
        {
            var view = viewOf(page);
            if (first is null)
            {
                first = view;
                // For a person on standard error in both modes; --json also carries them in its document.
                await Reports.WriteUnverifiedAsync(context, view.Unverified).ConfigureAwait(false);
                await Reports.WriteUnreachableAsync(context, view.Unreachable).ConfigureAwait(false);
                await Reports.WriteTrustAsync(context, view.Chains, view.Truncations).ConfigureAwait(false);
                if (spool is null)
                {
                    context.Human.MarkupLine($"[bold]{TerminalText.Markup(view.Heading)}[/]");
                    foreach (var proof in view.Proofs)
                    {
                        context.Human.MarkupLine(TerminalText.Markup(proof));
                    }
                }
            }

            count += view.Items.Count;
            if (spool is not null)
            {
                foreach (var item in view.Items)
                {
                    spool.Add(QueryDocuments.ListItem(item, first.Delegations));
                }
            }
            else
            {
                chain = WorkTable.Write(context.Human, view.Items, chain);
            }
        }

        // A walk always gives its first page.
        first = first ?? throw new InvalidOperationException("The list walk gave no page.");
        if (spool is not null)
        {
            await spool.WriteAsync(context.Out, first.Skeleton(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        context.Human.MarkupLine($"[bold]{TerminalText.Markup(first.Count(count))}[/]");
        DelegationLines.Write(context.Human, first.Delegations);
        return ExitCodes.Success;
    }

    /// <summary>What a list writes of one page.</summary>
    private sealed record ListPageView(
        IReadOnlyList<WorkUnitSummary> Items,
        IReadOnlyList<UnreachableItem> Unreachable,
        IReadOnlyList<ChainState> Chains,
        Func<JsonObject> Skeleton,
        string Heading)
    {
        public IReadOnlyList<DelegatedPortion> Delegations { get; init; } = [];

        public IReadOnlyList<UnverifiedClaim> Unverified { get; init; } = [];

        public IReadOnlyList<Truncation> Truncations { get; init; } = [];

        public IReadOnlyList<string> Proofs { get; init; } = [];

        public Func<int, string> Count { get; init; } = count => $"{count} work units";
    }
}
