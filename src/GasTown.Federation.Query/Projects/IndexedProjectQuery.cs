namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="ProjectQuery"/> answered from an <see cref="IQueryIndex"/> (see <see cref="IndexedProjectWalk"/>): the
/// whole listing reads the lines of its items only; a page reads the walk's keys and then the lines of the page's own
/// units. Null, and the caller loads the chains, whenever the index cannot answer exactly; whatever the index throws (a
/// damaged file, a disk error) is logged and never fails the query.
/// </summary>
internal static class IndexedProjectQuery
{
    public static ValueTask<ProjectWorkResult?> TryListAsync(QueryContext context, IQueryIndex index, string reference, bool includeDelegated, WorkFilter filter, CancellationToken cancellationToken)
        => TryAsync(context, index, reference, includeDelegated, "list --project", walk => walk.Result(walk.Read(walk.Matching(filter), filter)), cancellationToken);

    public static ValueTask<ProjectWorkPage?> TryPageAsync(
        QueryContext context, IQueryIndex index, string reference, bool includeDelegated, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
        => TryAsync(context, index, reference, includeDelegated, "list --project (page)", walk =>
        {
            // The walk holds keys only; the page's slice of the listing's order is cut before any line is read.
            var list = PagedList.Project(walk.Project, includeDelegated, filter);
            var all = walk.Matching(filter);
            var (page, next) = LoadedPages.Page(all, LoadedPages.StartAfter(all, QueryPageToken.Decode(list, after), KeyOf), limit, KeyOf, list);
            return new ProjectWorkPage(walk.Result(walk.Read(page, filter)), next);
        }, cancellationToken);

    private static string KeyOf(GtUri unit) => unit.ToString();

    private static ValueTask<T?> TryAsync<T>(
        QueryContext context, IQueryIndex index, string reference, bool includeDelegated, string query, Func<IndexedProjectWalk, T> run, CancellationToken cancellationToken)
        where T : class
        => IndexAttempt.RunAsync(context, index, query,
            reader => IndexedProjectWalk.TryWalk(context, reader, reference, includeDelegated, cancellationToken) is { } walk ? run(walk) : null, cancellationToken);
}
