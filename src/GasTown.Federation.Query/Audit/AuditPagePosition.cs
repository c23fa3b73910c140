using System.Globalization;
using System.Text;

namespace GasTown.Federation.Query;

/// <summary>
/// Where a page of an audit ends: the last entry's place in the audit's own order (its instant in UTC ticks, then source,
/// type, URI, actor and summary, as <see cref="AuditQuery.Compare"/> sorts them) and how many entries equal to it in
/// every one of those fields the pages so far returned (an event log may repeat a line). Its token is opaque to callers
/// and written by <see cref="QueryPageToken"/> under its own kind and the list's fingerprint (<c>a:</c>, then each text field as its length, a
/// colon and the text). A token that does not decode is bad input, never a silent first page.
/// </summary>
internal sealed record AuditPagePosition(long UtcTicks, string Source, string Type, string? Uri, string Actor, string Summary, int Seen)
{
    /// <summary>The last entry's instant (a decoded token's ticks are within <see cref="DateTimeOffset"/>'s range).</summary>
    public DateTimeOffset Instant => new(UtcTicks, TimeSpan.Zero);

    public static AuditPagePosition Of(AuditEntry last, int seen) =>
        new(last.Timestamp.UtcTicks, last.Source, last.Type, last.Uri?.ToString(), last.Actor, last.Summary, seen);

    public string Encode(PagedList list)
    {
        var text = new StringBuilder().Append(UtcTicks.ToString(CultureInfo.InvariantCulture)).Append(';')
            .Append(Seen.ToString(CultureInfo.InvariantCulture)).Append(';');
        foreach (var field in new[] { Source, Type, Uri ?? "\0", Actor, Summary })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }

        return QueryPageToken.Encode(list, text.ToString());
    }

    /// <summary>The position a token names; null for no token (the first page).</summary>
    /// <exception cref="FederationQueryException">The token is not an audit page's, or is another audit's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public static AuditPagePosition? Decode(PagedList list, string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (QueryPageToken.TryDecode(list, token, out var text) && TryParse(text) is { } position)
        {
            return position;
        }

        throw QueryPageToken.NotAToken(list, token);
    }

    /// <summary>The audit's order between an entry and this position: negative when the entry comes first.</summary>
    public int CompareTo(AuditEntry entry)
    {
        // As AuditQuery.Compare(position, entry): newest first, then every field.
        var c = entry.Timestamp.UtcTicks.CompareTo(UtcTicks);
        if (c == 0) c = string.CompareOrdinal(Source, entry.Source);
        if (c == 0) c = string.CompareOrdinal(Type, entry.Type);
        if (c == 0) c = string.CompareOrdinal(Uri, entry.Uri?.ToString());
        if (c == 0) c = string.CompareOrdinal(Actor, entry.Actor);
        if (c == 0) c = string.CompareOrdinal(Summary, entry.Summary);
        return -c;
    }

    private static AuditPagePosition? TryParse(string text)
    {
        var parts = text.Split(';', 3);
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seen) || seen < 1)
        {
            return null;
        }

        var fields = new List<string>(5);
        var rest = parts[2].AsSpan();
        while (!rest.IsEmpty && fields.Count < 5)
        {
            var colon = rest.IndexOf(':');
            if (colon <= 0 || !int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > rest.Length - colon - 1)
            {
                return null;
            }

            fields.Add(rest.Slice(colon + 1, length).ToString());
            rest = rest[(colon + 1 + length)..];
        }

        return fields.Count == 5 && rest.IsEmpty
            ? new AuditPagePosition(ticks, fields[0], fields[1], fields[2] == "\0" ? null : fields[2], fields[3], fields[4], seen)
            : null;
    }
}
