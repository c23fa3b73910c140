using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Mvc;

namespace GtWeb.Api;

/// <summary>
/// The JSON API beside the pages: the SDK's <see cref="QueryDocuments"/> (the shapes gtfed prints with --json), lists
/// paged with <c>limit</c> and <c>after</c> by the SDK's own page queries (answering <c>items</c> and, when there is more,
/// <c>next</c>): a page costs what the page costs, never the whole list, and is gtfed's <c>--limit</c> page (the same
/// JSON; written compact). Without either, the whole list is walked a page at a time (<see cref="WholeListDocument"/>)
/// and is gtfed's document without <c>--limit</c>, byte for byte, in memory bounded by a page. Query values that are not
/// text (<c>limit</c>, <c>include_delegated</c>, <c>since</c>) are taken as text and read by <see cref="Paging"/> and
/// <see cref="Inputs"/>, so a bad one is an <see cref="FederationErrorKind.InvalidInput"/> problem naming it and what it
/// takes, as every other bad input is (the framework's binding failure is a bare 400 that says neither).
/// </summary>
internal static class ApiEndpoints
{
    private const string UnitsPrefix = "/api/units/";

    // HEAD is GET without the body (RFC 9110 9.3.2): link checkers, monitors and curl -I ask it. A minimal API answers only
    // the methods it is mapped for (MapGet alone answered HEAD with 405, where Razor Pages run OnGet for it), so every
    // read is mapped for both; Kestrel writes no body for a HEAD, whatever the handler writes. Program.cs gives the OpenAPI
    // document the same two.
    internal static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapGtWebApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("federation");
        api.MapMethods("/units/{**reference}", GetAndHead, ShowAsync)
            .WithSummary("One work unit (gt:// URI, percent-encoded, or a short form), its dependencies resolved: gtfed show --json.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapMethods("/dependents/{**reference}", GetAndHead, DependentsAsync)
            .WithSummary("Who depends on a work unit, in every known chain: gtfed dependents URI --json, paged by dependent work units.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404);
        api.MapMethods("/remotes/{name}/units", GetAndHead, RemoteAsync)
            .WithSummary("Every work unit of one registered remote: gtfed list --remote NAME --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapMethods("/orgs/{entity}/units", GetAndHead, OrganizationAsync)
            .WithSummary("The work of an organisation's verified members: gtfed list --org ENTITY --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapMethods("/projects/{**reference}", GetAndHead, ProjectAsync)
            .WithSummary("A project and its descendants (with include_delegated, across chains): gtfed list --project URI --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapMethods("/ready", GetAndHead, ReadyAsync)
            .WithSummary("Ready work across the federation: gtfed list --ready --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapMethods("/audit", GetAndHead, AuditAsync)
            .WithSummary("An actor glob's history, newest first: gtfed audit --actor GLOB --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapMethods("/search", GetAndHead, SearchAsync)
            .WithSummary("Full-text search over every indexed chain: gtfed search TEXT --json, paged by the index's own tokens (limit, after).")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(503);
        api.MapMethods("/changes", GetAndHead, ChangesAsync)
            .WithSummary("What re-indexing found changed, newest first: gtfed changes --json; ask again with since=resume.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(503);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? q, string? remote, string? status, string? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        var size = Paging.Limit(limit);
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "q is required: the words to search for.");
        }

        // gtfed search's defaults, so the same question gives the same document. The token by every list's rule
        // (Paging.After): passed on unread, an empty one was refused by the index where every other list takes it as none.
        var query = new IndexQuery { Remote = remote, Status = Inputs.Filter(status)?.Status, Limit = size ?? 50, After = Paging.After(after) };
        var page = await town.Index.SearchAsync(q, query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(IndexDocuments.Page("search", page));
    }

    private static async Task<IResult> ChangesAsync(string? since, string? limit, Town town, CancellationToken cancellationToken)
    {
        var page = await town.Index.GetChangesAsync(since, Paging.Limit(limit) ?? 100, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(IndexDocuments.Changes(page));
    }

    private static async Task<IResult> ShowAsync(HttpContext context, Town town, CancellationToken cancellationToken)
    {
        var reference = RawReference(context, UnitsPrefix);
        var result = await town.Queries.ShowAsync(reference, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.Show(result));
    }

    private static async Task<IResult> DependentsAsync(HttpContext context, string? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        var request = Paging.Of(limit, after);
        var reference = RawReference(context, "/api/dependents/");
        if (request is not null)
        {
            var page = await town.Queries.GetDependentsPageAsync(reference, request.Size, request.After, cancellationToken).ConfigureAwait(false);
            ThrowIfNamesNothing(page.Result);
            return TypedResults.Json(QueryDocuments.DependentsPage(page));
        }

        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkDependentsAsync(reference, FederationQueries.DefaultWalkPageSize, cancellationToken),
            page =>
            {
                ThrowIfNamesNothing(page.Result);
                return QueryDocuments.Dependents(page.Result with { Dependents = [] });
            },
            page => page.Result.Dependents.Select(QueryDocuments.DependentItem)).ConfigureAwait(false);

        // As /api/units answers the same reference, and gtfed dependents: most likely a mistyped id.
        static void ThrowIfNamesNothing(DependentsResult result)
        {
            if (result.NamesNothing)
            {
                throw new FederationException(FederationErrorKind.NotFound, $"{result.TargetUnreachable!.Message} Nothing in the federation depends on it.");
            }
        }
    }

    private static async Task<IResult> RemoteAsync(HttpContext context, string name, string? status, string? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.ListByRemotePageAsync(name, request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            UnreadRemote.ThrowIfUnread(page.Result);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.RemoteList(page.Result, name), page.Next));
        }

        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkByRemoteAsync(name, Inputs.Filter(status), FederationQueries.DefaultWalkPageSize, cancellationToken),
            page =>
            {
                // The first page's: a chain that could not be read gives no items on it, and no further page.
                UnreadRemote.ThrowIfUnread(page.Result);
                return QueryDocuments.RemoteList(page.Result with { Items = [] }, name);
            },
            page => page.Result.Items.Select(i => QueryDocuments.ListItem(i, []))).ConfigureAwait(false);
    }

    private static async Task<IResult> OrganizationAsync(HttpContext context, string entity, string? status, string? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.ListByOrganizationPageAsync(Inputs.Entity(entity), request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.OrganizationList(page.Result), page.Next));
        }

        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkByOrganizationAsync(Inputs.Entity(entity), Inputs.Filter(status), FederationQueries.DefaultWalkPageSize, cancellationToken),
            page => QueryDocuments.OrganizationList(page.Result with { Items = [] }),
            page => page.Result.Items.Select(i => QueryDocuments.ListItem(i.WorkUnit, []))).ConfigureAwait(false);
    }

    private static async Task<IResult> ProjectAsync(
        HttpContext context,
        [FromQuery(Name = "include_delegated")] string? includeDelegated,
        string? status,
        string? limit,
        string? after,
        Town town,
        CancellationToken cancellationToken)
    {
        var request = Paging.Of(limit, after);
        var reference = RawReference(context, "/api/projects/");
        var delegated = Inputs.Flag("include_delegated", includeDelegated) ?? false;
        if (request is not null)
        {
            var page = await town.Queries.ListByProjectPageAsync(reference, delegated, request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.ProjectList(page.Result, delegated), page.Next));
        }

        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkByProjectAsync(reference, delegated, Inputs.Filter(status), FederationQueries.DefaultWalkPageSize, cancellationToken),
            page => QueryDocuments.ProjectList(page.Result with { Items = [] }, delegated),
            page => page.Result.Items.Select(i => QueryDocuments.ListItem(i, page.Result.Delegations))).ConfigureAwait(false);
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, string? status, string? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.GetReadyWorkPageAsync(request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(QueryDocuments.ReadyPage(page));
        }

        // The walk is unfiltered: the whole answer counts every blocked unit, whatever status it keeps (the pages' counts
        // add up to it); the items are filtered here, as the whole answer's are.
        var filter = Inputs.Filter(status);
        var gaps = await town.Queries.GetReadyWorkGapsAsync(cancellationToken).ConfigureAwait(false);
        var blocked = 0;
        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkReadyWorkAsync(null, FederationQueries.DefaultWalkPageSize, cancellationToken),
            _ => QueryDocuments.ReadyList(new ReadyWorkResult([], [], gaps.Unreachable, gaps.Chains, gaps.Truncations) { OmittedUnreachable = gaps.OmittedUnreachable }),
            page =>
            {
                blocked += page.Blocked;
                return page.Items.Where(i => filter?.Status is not { } wanted || i.Status == wanted).Select(i => QueryDocuments.ListItem(i, []));
            },
            skeleton => skeleton["blocked"] = blocked).ConfigureAwait(false);
    }

    private static async Task<IResult> AuditAsync(HttpContext context, string? actor, [FromQuery(Name = "since")] string? sinceText, string? limit, string? after, Town town, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = Paging.Of(limit, after);
        var since = Inputs.Since("since", sinceText, clock);
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "actor is required: a glob over actor paths such as gastown/*, */polecats/* or mayor.");
        }

        if (request is not null)
        {
            var page = await town.Queries.AuditPageAsync(ActorPattern.Parse(actor), since, request.Size, request.After, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.Audit(page.Result, since), page.Next));
        }

        return await WholeListDocument.ReadAsync(
            context,
            town.Queries.WalkAuditAsync(ActorPattern.Parse(actor), since, FederationQueries.DefaultWalkPageSize, cancellationToken),
            page => QueryDocuments.Audit(page.Result with { Entries = [] }, since),
            page => page.Result.Entries.Select(QueryDocuments.AuditItem)).ConfigureAwait(false);
    }

    // The reference as the client wrote it, decoded once: routing leaves %2F encoded and decodes the rest,
    // so a route value cannot tell "gt%3A%2F%2F..." from a path; the raw target can.
    private static string RawReference(HttpContext context, string prefix)
    {
        var raw = RawPath.Of(context);
        var encoded = raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? raw[prefix.Length..] : string.Empty;
        return Uri.UnescapeDataString(encoded);
    }
}
