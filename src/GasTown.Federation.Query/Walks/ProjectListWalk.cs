using System.Runtime.CompilerServices;

namespace GasTown.Federation.Query;

/// <summary>
/// The walk over a project's list: one view of the index for the whole walk, the project's tree walked once over its edge
/// rows (keys only), then each page's lines read as the page is asked for, so memory is the tree's keys and a page, every
/// page is of the same committed state, and the tree is not walked again per page (as a page query must). When the index
/// cannot answer (at the start or midway: see <see cref="IndexAttempt"/>'s rule), the listing is loaded once and the rest
/// cut from it after the last unit walked. Cancellation is honoured between pages.
/// </summary>
internal static class ProjectListWalk
{
    private const string Query = "list.project.walk";

    public static async IAsyncEnumerable<ProjectWorkPage> RunAsync(
        FederationQueries queries, string project, bool includeDelegated, WorkFilter filter, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new State();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await queries.MeasureStepAsync(Query, (context, ct) => NextFromIndexAsync(context, state, project, includeDelegated, filter, pageSize, ct),
                    static p => p?.Result.Chains ?? [], cancellationToken).ConfigureAwait(false);
                if (page is null)
                {
                    break;
                }

                yield return page;
                if (page.Next is null)
                {
                    yield break;
                }

                state.After = page.Next;
            }
        }
        finally
        {
            state.Reader?.Dispose();
        }

        // The index declined: the rest from the listing loaded once.
        cancellationToken.ThrowIfCancellationRequested();
        var whole = await queries.MeasureStepAsync(Query, (context, ct) => ProjectQuery.LoadAsync(context, project, includeDelegated, filter, ct),
            static w => w.Chains, cancellationToken).ConfigureAwait(false);
        foreach (var rest in LoadedPages.Pages(whole.Items, state.After, PagedList.Project(whole.Project, includeDelegated, filter), pageSize, static i => i.Uri.ToString(),
            (items, next) => new ProjectWorkPage(whole with { Items = items }, next)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return rest;
        }
    }

    /// <summary>The next page from the index, or null (the reader released) when it cannot answer.</summary>
    private static async ValueTask<ProjectWorkPage?> NextFromIndexAsync(
        QueryContext context, State state, string project, bool includeDelegated, WorkFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        if (state.Declined)
        {
            return null;
        }

        try
        {
            if (state.Walk is null)
            {
                if (context.Index is not { } index || await index.OpenReaderAsync(cancellationToken).ConfigureAwait(false) is not { } reader)
                {
                    return Decline(state);
                }

                state.Reader = reader;
                if (IndexedProjectWalk.TryWalk(context, reader, project, includeDelegated, cancellationToken) is not { } walk)
                {
                    return Decline(state);
                }

                state.Walk = walk;
                state.Keys = walk.Matching(filter);
            }

            var keys = state.Keys!;
            var (page, next) = LoadedPages.Page(keys, state.Start, pageSize, static key => key.ToString(), PagedList.Project(state.Walk.Project, includeDelegated, filter));
            var result = new ProjectWorkPage(state.Walk.Result(state.Walk.Read(page, filter)), next);
            state.Start += page.Count;
            QuerySource.Mark(QuerySource.Index);
            return result;
        }
        catch (IndexCannotAnswerException)
        {
            return Decline(state);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not FederationQueryException && cancellationToken.IsCancellationRequested)
        {
            throw IndexAttempt.Cancelled(exception, cancellationToken);
        }
        catch (Exception exception) when (exception is not FederationQueryException)
        {
            Log.IndexFailed(context.Logger, exception, "list --project (walk)");
            return Decline(state);
        }
    }

    private static ProjectWorkPage? Decline(State state)
    {
        state.Declined = true;
        state.Reader?.Dispose();
        state.Reader = null;
        return null;
    }

    /// <summary>Where the walk stands: the index view and tree it reads from, and the position of the next page.</summary>
    private sealed class State
    {
        public IQueryIndexReader? Reader { get; set; }

        public IndexedProjectWalk? Walk { get; set; }

        public List<GtUri>? Keys { get; set; }

        public int Start { get; set; }

        public string? After { get; set; }

        public bool Declined { get; set; }
    }
}
