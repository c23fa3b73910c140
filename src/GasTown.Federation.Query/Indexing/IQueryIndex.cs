namespace GasTown.Federation.Query;

/// <summary>
/// A store that answers queries without loading whole chains: the federation index (GasTown.Federation.Index)
/// implements it. <see cref="FederationQueries"/> made with one answers <see cref="FederationQueries.ShowAsync"/> from it
/// when the query may not fetch, reading only the work units the answer names; whenever the store cannot say exactly
/// what loading the chains would (it is missing and cannot be built, a chain is not in it, or a chain's state is one
/// only a full load can describe), the query loads the chains instead. Either way the answer is the same.
/// </summary>
public interface IQueryIndex
{
    /// <summary>
    /// Opens one consistent view of the store, brought up to date first (from what was fetched; never from the network).
    /// </summary>
    /// <param name="cancellationToken">
    /// Cancels bringing it up to date, and the view's reads from then on: a query reads through one view from its start to
    /// its end, under this token. A read it stops may fail with the store's own error; once the token is cancelled, the
    /// query ends as cancelled whatever the view throws.
    /// </param>
    /// <returns>The view (dispose it), or null when the store cannot be used now.</returns>
    ValueTask<IQueryIndexReader?> OpenReaderAsync(CancellationToken cancellationToken = default);
}
