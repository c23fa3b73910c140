using System.Runtime.CompilerServices;

namespace GasTown.Federation.Query;

/// <summary>
/// A walk over every page of a listing, for a host that writes the answer as it comes and never holds it: each step asks
/// the index for the page after the previous one (memory bounded by the page), every step from the one reader opened by
/// the first page that asks the index (<see cref="WalkReader"/>), so the whole walk reads one state of it, as
/// <see cref="ProjectListWalk"/> does. The first time it declines (or when there is no index) the whole listing is loaded
/// once and the rest is cut from it after the last unit walked, so a walk that changes path between pages neither repeats
/// nor skips a unit (the loaded rest costs what the whole listing costs). Each step is one measured query (its activity
/// says where the answer came from); cancellation is honoured between pages.
/// </summary>
internal static class PageWalk
{
    public static async IAsyncEnumerable<TPage> RunAsync<TPage, TWhole>(
        FederationQueries queries,
        string query,
        PageWalkSteps<TPage, TWhole> steps,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : class
        where TWhole : class
    {
        string? after = null;

        // However the walk ends (its last page, a caller that stops early, cancellation, an error), the read it held ends.
        using var walk = new WalkReader();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var position = after;
            var (page, whole) = await queries.MeasureStepAsync(query, async (context, ct) =>
            {
                // One reader for every page (the first page's): each page reads the state the first one read, so a
                // refresh between pages (a fetch, another process indexing) neither repeats nor skips a unit.
                context.Walk = walk;
                return await steps.FromIndex(context, position, ct).ConfigureAwait(false) is { } indexed
                    ? ((TPage?)indexed, (TWhole?)null)
                    : ((TPage?)null, (TWhole?)await steps.Load(context, ct).ConfigureAwait(false));
            }, step => step.Item1 is { } p ? steps.ChainsOf(p) : [], cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                walk.Dispose();
                foreach (var rest in steps.PagesAfter(whole!, position))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return rest;
                }

                yield break;
            }

            yield return page;
            if (steps.NextOf(page) is not { } next)
            {
                yield break;
            }

            after = next;
        }
    }
}
