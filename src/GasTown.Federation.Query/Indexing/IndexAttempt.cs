namespace GasTown.Federation.Query;

/// <summary>
/// The one rule for answering a query from an <see cref="IQueryIndex"/>: open a reader, let the query answer or decline
/// (null, or <see cref="IndexCannotAnswerException"/>), and never let the index fail the query. Whatever else it throws (a
/// damaged file, a disk error, a timeout inside the index) is logged and the caller loads the chains; a cancellation the
/// caller asked for and the query's own errors (<see cref="FederationQueryException"/>) go through as themselves, and so
/// does whatever the index throws once the caller has cancelled (as that cancellation: <see cref="Cancelled"/>).
/// </summary>
internal static class IndexAttempt
{
    /// <summary>The answer from the index (marked <see cref="QuerySource.Index"/>), or null when the caller must load the chains.</summary>
    public static ValueTask<T?> RunAsync<T>(QueryContext context, IQueryIndex index, string query, Func<IQueryIndexReader, T?> answer, CancellationToken cancellationToken)
        where T : class
        => RunAsync(context, index, query, (reader, _) => ValueTask.FromResult(answer(reader)), cancellationToken);

    /// <summary>As the synchronous form, for an answer that reads more than the index (an audit judging its event lines' signatures).</summary>
    public static async ValueTask<T?> RunAsync<T>(QueryContext context, IQueryIndex index, string query, Func<IQueryIndexReader, CancellationToken, ValueTask<T?>> answer, CancellationToken cancellationToken)
        where T : class
    {
        IQueryIndexReader? owned = null;
        try
        {
            // A walk's page answers from the reader the walk holds (opened by its first page that gets here, and never
            // tried again); a query on its own opens, and disposes, its own.
            IQueryIndexReader? reader;
            if (context.Walk is { } walk)
            {
                if (!walk.Opened)
                {
                    walk.Opened = true;
                    walk.Reader = await index.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
                }

                reader = walk.Reader;
            }
            else
            {
                reader = owned = await index.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            }

            if (reader is null || await answer(reader, cancellationToken).ConfigureAwait(false) is not { } result)
            {
                return null;
            }

            QuerySource.Mark(QuerySource.Index);
            return result;
        }
        catch (IndexCannotAnswerException)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not FederationQueryException && cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(exception, cancellationToken);
        }
        catch (Exception exception) when (exception is not FederationQueryException)
        {
            Log.IndexFailed(context.Logger, exception, query);

            // A walk's reader that failed is not asked again: the walk's pages load from here on.
            context.Walk?.Dispose();
            return null;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// What an index's failure is once the caller has cancelled: the cancellation. An index stops a read its caller cancels
    /// with an error of its own kind (SQLite answers its interrupt with one), which is neither a failure to log nor a reason
    /// to load the chains instead.
    /// </summary>
    public static OperationCanceledException Cancelled(Exception exception, CancellationToken cancellationToken)
        => new("The query was cancelled while it read the federation index.", exception, cancellationToken);
}
