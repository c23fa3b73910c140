namespace GasTown.Federation.Query;

/// <summary>
/// An instant as the index's audit rows keep it and an audit window counts it (<see cref="QueryIndexAuditWindow"/>,
/// <see cref="AuditWindowCut"/>): whole Unix seconds, floored (four bytes in SQLite instead of eight for ticks).
/// A floored time is a superset filter for <c>since</c> (a fact at or after <c>since</c> has a floor at or after its floor);
/// the query checks the exact instant read back from the line.
/// </summary>
internal static class AuditSeconds
{
    public static long Of(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks >= 0 ? ticks / TimeSpan.TicksPerSecond : -((-ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
    }

    /// <summary>The instant a whole second stands for (UTC); a second past the year 9999 is the latest instant there is.</summary>
    public static DateTimeOffset InstantOf(long second)
        => second >= Of(DateTimeOffset.MaxValue) ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(second);
}
