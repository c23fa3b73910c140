using GasTown.Federation;
using GasTown.Federation.Hosting;

namespace GtWeb;

/// <summary>
/// "Fetch now"'s last step, for the streamed fetch and the form post alike: brings the federation index up to date, so
/// the fetch pays for indexing what it brought and the page loaded next answers from the index at once. A failure
/// (another process indexing longer than the lock timeout, an index this account may not write) does not undo the
/// fetch: it is shown, and the next query tries again.
/// </summary>
internal static class IndexAfterFetch
{
    /// <summary>Null when the index is up to date; otherwise why it is not.</summary>
    public static async Task<string?> RefreshAsync(Town town, CancellationToken cancellationToken)
    {
        try
        {
            // Another process's indexing is waited for briefly (the index's own two minutes would hold the page's last line
            // that long): that process, or the next page's query, brings the index up to date.
            await town.Index.RefreshAsync(null, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception failure) when (failure is FederationException or IOException or UnauthorizedAccessException)
        {
            // IOException and UnauthorizedAccessException: a damaged index file this account may not delete to build anew.
            return failure.Message;
        }
    }
}
