namespace GasTown.Federation;

/// <summary>
/// The names under which the SDK reports what it does, for OpenTelemetry or any <see cref="System.Diagnostics.ActivityListener"/>
/// and <see cref="System.Diagnostics.Metrics.MeterListener"/>: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <see cref="SourceName"/>, shared by every package.
/// With OpenTelemetry: <c>builder.WithTracing(t =&gt; t.AddSource(FederationTelemetry.SourceName)).WithMetrics(m =&gt; m.AddMeter(FederationTelemetry.SourceName))</c>.
/// </summary>
/// <remarks>
/// Nothing is recorded unless something listens: with no listener an activity is never created and an instrument
/// records nothing, so the hot paths (a warm <c>show</c>) pay a field read. Tags never carry work-unit titles or other
/// text from a chain; they carry remote names, query kinds, outcomes and trust states.
/// </remarks>
public static class FederationTelemetry
{
    /// <summary>The name of the SDK's activity source and meter: <c>GasTown.Federation</c>.</summary>
    public const string SourceName = "GasTown.Federation";

    /// <summary>Activity for one remote's fetch (<c>ChainFetcher.FetchAsync</c>); tags <see cref="RemoteTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string FetchActivity = "gastown.fetch";

    /// <summary>Activity for one publish or withdrawal (<c>TownPublisher</c>); tag <see cref="OutcomeTag"/>.</summary>
    public const string PublishActivity = "gastown.publish";

    /// <summary>Activity for one query (<c>FederationQueries</c>); tags <see cref="QueryTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string QueryActivity = "gastown.query";

    /// <summary>Histogram, seconds: how long each fetch took; tags <see cref="RemoteTag"/>, <see cref="OutcomeTag"/> (<c>ok</c> or the failure kind).</summary>
    public const string FetchDuration = "gastown.federation.fetch.duration";

    /// <summary>Histogram, seconds: how long each publish or withdrawal took; tag <see cref="OutcomeTag"/> (<c>committed</c>, <c>unchanged</c> or the error kind).</summary>
    public const string PublishDuration = "gastown.federation.publish.duration";

    /// <summary>Histogram, seconds: how long each query took; tags <see cref="QueryTag"/>, <see cref="OutcomeTag"/> (<c>ok</c> or the error kind).</summary>
    public const string QueryDuration = "gastown.federation.query.duration";

    /// <summary>Counter, chains: every chain a query read or tried, by <see cref="TrustTag"/> (Verified, UnverifiedIdentity, OlderSnapshot, Unavailable) and <see cref="QueryTag"/>.</summary>
    public const string QueryChains = "gastown.federation.query.chains";

    /// <summary>Tag: the remote's name.</summary>
    public const string RemoteTag = "gastown.remote";

    /// <summary>Tag: the query kind (<c>show</c>, <c>list.remote</c>, <c>list.org</c>, <c>list.project</c>, <c>ready</c>, <c>audit</c>).</summary>
    public const string QueryTag = "gastown.query";

    /// <summary>Tag: how the operation ended.</summary>
    public const string OutcomeTag = "gastown.outcome";

    /// <summary>Tag: a chain's trust state.</summary>
    public const string TrustTag = "gastown.trust";
}
