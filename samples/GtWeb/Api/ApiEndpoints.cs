using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace GtWeb.Api;

/// <summary>
/// The JSON API beside the pages: the SDK's <see cref="QueryDocuments"/> (the shapes gtfed prints with --json), lists
/// paged with <c>limit</c> and <c>after</c> by the SDK's own page queries (answering <c>items</c> and, when there is more,
/// <c>next</c>): a page costs what the page costs, never the whole list, and is gtfed's <c>--limit</c> page byte for byte.
/// </summary>
internal static class ApiEndpoints
{
    private const string UnitsPrefix = "/api/units/";

    public static IEndpointRouteBuilder MapGtWebApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("federation");
        api.MapGet("/units/{**reference}", ShowAsync)
            .WithSummary("One work unit (gt:// URI, percent-encoded, or a short form), its dependencies resolved: gtfed show --json.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapGet("/remotes/{name}/units", RemoteAsync)
            .WithSummary("Every work unit of one registered remote: gtfed list --remote NAME --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapGet("/orgs/{entity}/units", OrganizationAsync)
            .WithSummary("The work of an organisation's verified members: gtfed list --org ENTITY --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapGet("/projects/{**reference}", ProjectAsync)
            .WithSummary("A project and its descendants (with include_delegated, across chains): gtfed list --project URI --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);
        api.MapGet("/ready", ReadyAsync)
            .WithSummary("Ready work across the federation: gtfed list --ready --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapGet("/audit", AuditAsync)
            .WithSummary("An actor glob's history, newest first: gtfed audit --actor GLOB --json, paged.")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapGet("/search", SearchAsync)
            .WithSummary("Full-text search over every indexed chain: gtfed search TEXT --json, paged by the index's own tokens (limit, after).")
            .Produces<JsonObject>().ProducesProblem(400);
        api.MapGet("/changes", ChangesAsync)
            .WithSummary("What re-indexing found changed, newest first: gtfed changes --json; ask again with since=resume.")
            .Produces<JsonObject>().ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? q, string? remote, string? status, int? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        Paging.Validate(limit);
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "q is required: the words to search for.");
        }

        // gtfed search's defaults, so the same question gives the same document.
        var query = new IndexQuery { Remote = remote, Status = Inputs.Filter(status)?.Status, Limit = limit ?? 50, After = after };
        var page = await town.Index.SearchAsync(q, query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(IndexDocuments.Page("search", page));
    }

    private static async Task<IResult> ChangesAsync(string? since, int? limit, Town town, CancellationToken cancellationToken)
    {
        Paging.Validate(limit);
        var page = await town.Index.GetChangesAsync(since, limit ?? 100, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(IndexDocuments.Changes(page));
    }

    private static async Task<IResult> ShowAsync(HttpContext context, Town town, CancellationToken cancellationToken)
    {
        var reference = RawReference(context, UnitsPrefix);
        var result = await town.Queries.ShowAsync(reference, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.Show(result));
    }

    private static async Task<IResult> RemoteAsync(string name, string? status, int? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.ListByRemotePageAsync(name, request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.RemoteList(page.Result, name), page.Next));
        }

        var result = await town.Queries.ListByRemoteAsync(name, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.RemoteList(result, name));
    }

    private static async Task<IResult> OrganizationAsync(string entity, string? status, int? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.ListByOrganizationPageAsync(Inputs.Entity(entity), request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.OrganizationList(page.Result), page.Next));
        }

        var result = await town.Queries.ListByOrganizationAsync(Inputs.Entity(entity), Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.OrganizationList(result));
    }

    private static async Task<IResult> ProjectAsync(
        HttpContext context,
        [FromQuery(Name = "include_delegated")] bool? includeDelegated,
        string? status,
        int? limit,
        string? after,
        Town town,
        CancellationToken cancellationToken)
    {
        var request = Paging.Of(limit, after);
        var reference = RawReference(context, "/api/projects/");
        var delegated = includeDelegated ?? false;
        if (request is not null)
        {
            var page = await town.Queries.ListByProjectPageAsync(reference, delegated, request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.ProjectList(page.Result, delegated), page.Next));
        }

        var result = await town.Queries.ListByProjectAsync(reference, delegated, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.ProjectList(result, delegated));
    }

    private static async Task<IResult> ReadyAsync(string? status, int? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        if (Paging.Of(limit, after) is { } request)
        {
            var page = await town.Queries.GetReadyWorkPageAsync(request.Size, request.After, Inputs.Filter(status), cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(QueryDocuments.ReadyPage(page));
        }

        var result = await town.Queries.GetReadyWorkAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.ReadyList(result, Inputs.Filter(status)?.Status));
    }

    private static async Task<IResult> AuditAsync(string? actor, DateTimeOffset? since, int? limit, string? after, Town town, CancellationToken cancellationToken)
    {
        var request = Paging.Of(limit, after);
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "actor is required: a glob over actor paths such as gastown/*, */polecats/* or mayor.");
        }

        if (request is not null)
        {
            var page = await town.Queries.AuditPageAsync(ActorPattern.Parse(actor), since, request.Size, request.After, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(Paging.WithNext(QueryDocuments.Audit(page.Result, since), page.Next));
        }

        var result = await town.Queries.AuditAsync(ActorPattern.Parse(actor), since, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(QueryDocuments.Audit(result, since));
    }

    // The reference as the client wrote it, decoded once: routing leaves %2F encoded and decodes the rest,
    // so a route value cannot tell "gt%3A%2F%2F..." from a path; the raw target can.
    private static string RawReference(HttpContext context, string prefix)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.Path.Value ?? string.Empty;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        var encoded = raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? raw[prefix.Length..] : string.Empty;
        return Uri.UnescapeDataString(encoded);
    }
}
