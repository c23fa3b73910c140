using System.Globalization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Full-text search over an organisation's work: the index finds the words (there is no search without it), the member
/// rule is <see cref="OrganizationQuery"/>'s. When the index can describe every known chain exactly, it also answers who
/// the members are and which units are theirs (<see cref="IndexedOrganizationPlan"/>); otherwise the listing is loaded
/// and the search keeps only the matches that are in it. Pages follow the search's own order (the full-text index's row
/// order, as every search of the index does), not the listing's.
/// </summary>
internal static class OrganizationSearch
{
    public static async ValueTask<OrganizationWorkPage> RunAsync(QueryContext context, EntityId organization, string text, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        var list = PagedList.Search(organization, text, filter);
        var position = QueryPageToken.Decode(list, after) is { } token ? long.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        if (context.Index is not { } index)
        {
            throw new FederationQueryException(FederationQueryError.Unavailable,
                "Searching needs the federation index, and these queries have none (or may fetch, which the index never does); create the queries with an index, without fetching.", organization.Value);
        }

        IQueryIndexReader? reader;
        try
        {
            reader = await index.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or FederationQueryException) && cancellationToken.IsCancellationRequested)
        {
            throw IndexAttempt.Cancelled(exception, cancellationToken);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or FederationQueryException))
        {
            Log.IndexFailed(context.Logger, exception, "search --org");
            throw Unavailable(organization, exception, opened: false);
        }

        if (reader is null)
        {
            throw Unavailable(organization, null, opened: false);
        }

        using (reader)
        {
            var indexed = FromIndex(context, organization, cancellationToken, () => TryIndexed(context, reader, organization, text, filter, limit, position, list));
            if (indexed is not null)
            {
                QuerySource.Mark(QuerySource.Index);
                return indexed;
            }

            // Outside the index's failure handling: a listing that cannot be loaded fails as the listing itself would
            // (a chain's own error), not as an index that could not be opened.
            var loaded = await OrganizationQuery.LoadAsync(context, organization, filter, cancellationToken).ConfigureAwait(false);
            return FromIndex(context, organization, cancellationToken, () => Filtered(reader, loaded, text, filter, limit, position, list))!;
        }
    }

    // The index is this query's only way to find words: whatever it throws (a damaged file, a disk error) is reported as
    // the search being unavailable, with the cause kept.
    private static OrganizationWorkPage? FromIndex(QueryContext context, EntityId organization, CancellationToken cancellationToken, Func<OrganizationWorkPage?> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or FederationQueryException) && cancellationToken.IsCancellationRequested)
        {
            throw IndexAttempt.Cancelled(exception, cancellationToken);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or FederationQueryException))
        {
            Log.IndexFailed(context.Logger, exception, "search --org");
            throw Unavailable(organization, exception, opened: true);
        }
    }

    private static OrganizationWorkPage? TryIndexed(QueryContext context, IQueryIndexReader reader, EntityId organization, string text, WorkFilter filter, int limit, long position, PagedList list)
    {
        try
        {
            if (IndexedOrganizationPlan.TryBuild(context, reader, organization) is not { } plan)
            {
                return null;
            }

            var matches = reader.Search(text, plan.Scopes, filter, position, limit + 1);
            var items = matches.Take(limit).Select(m => plan.ItemOf(m.WorkUnit, filter)).ToList();
            var next = matches.Count > limit ? Token(list, matches[limit - 1].Position) : null;
            return new OrganizationWorkPage(plan.Result(items), next);
        }
        catch (IndexCannotAnswerException)
        {
            return null;
        }
    }

    // The loaded listing decides; the index only finds the words, among the listing's chains, read in batches until the page is full.
    private static OrganizationWorkPage Filtered(IQueryIndexReader reader, OrganizationWorkResult loaded, string text, WorkFilter filter, int limit, long position, PagedList list)
    {
        var byUri = new Dictionary<string, MemberWorkItem>(StringComparer.Ordinal);
        foreach (var item in loaded.Items)
        {
            byUri.TryAdd(item.WorkUnit.Uri.ToString(), item);
        }

        var scopes = loaded.Items.Select(i => i.WorkUnit.Uri.ChainUri).Distinct().Select(c => new QueryIndexScope(c, null)).ToList();
        var items = new List<MemberWorkItem>();
        var positions = new List<long>();
        var batch = Math.Max(limit + 1, 100);
        while (items.Count <= limit && scopes.Count > 0)
        {
            var matches = reader.Search(text, scopes, filter, position, batch);
            foreach (var match in matches)
            {
                position = match.Position;
                if (byUri.TryGetValue(match.WorkUnit.Uri.ToString(), out var item))
                {
                    items.Add(item);
                    positions.Add(match.Position);
                    if (items.Count > limit)
                    {
                        break;
                    }
                }
            }

            if (matches.Count < batch)
            {
                break;
            }
        }

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            next = Token(list, positions[limit - 1]);
        }

        QuerySource.Mark(QuerySource.Chains);
        return new OrganizationWorkPage(loaded with { Items = items }, next);
    }

    private static string Token(PagedList list, long position) => QueryPageToken.Encode(list, position.ToString(CultureInfo.InvariantCulture));

    private static FederationQueryException Unavailable(EntityId organization, Exception? inner, bool opened) =>
        new(FederationQueryError.Unavailable,
            (opened ? "The federation index failed while searching" : "The federation index could not be opened to search")
            + (inner is null ? "" : $" ({inner.Message})") + "; searching needs it. Try again, or rebuild the index.",
            organization.Value, inner);
}
