using System.Globalization;

namespace GasTown.Federation.Query;

/// <summary>
/// Where a page of ready work ends: the last item's priority and URI, the ready list's own order. Its token is opaque to
/// callers and written by <see cref="QueryPageToken"/> under its own kind and the list's fingerprint (<c>r:</c>, then the priority, <c>:</c> and
/// the URI). A token that does not decode
/// is bad input, never a silent first page.
/// </summary>
internal sealed record ReadyPagePosition(int Priority, string Uri)
{
    public static ReadyPagePosition Of(WorkUnitSummary last) => new(last.Priority, last.Uri.ToString());

    public string Encode(PagedList list) => QueryPageToken.Encode(list, Priority.ToString(CultureInfo.InvariantCulture) + ":" + Uri);

    /// <summary>The position a token names; null for no token (the first page).</summary>
    /// <exception cref="FederationQueryException">The token is not a ready page's, or is another ready list's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public static ReadyPagePosition? Decode(PagedList list, string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (QueryPageToken.TryDecode(list, token, out var position)
            && position.IndexOf(':', 1) is var colon and > 0
            && int.TryParse(position.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)
            && colon < position.Length - 1)
        {
            return new ReadyPagePosition(priority, position[(colon + 1)..]);
        }

        throw QueryPageToken.NotAToken(list, token);
    }

    /// <summary>Whether <paramref name="unit"/> comes after this position in the ready list's order.</summary>
    public bool IsBefore(WorkUnitSummary unit) =>
        unit.Priority != Priority ? unit.Priority > Priority : string.CompareOrdinal(unit.Uri.ToString(), Uri) > 0;
}
