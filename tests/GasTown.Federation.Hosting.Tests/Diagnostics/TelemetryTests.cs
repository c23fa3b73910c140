using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting.Tests.Towns;

namespace GasTown.Federation.Hosting.Tests.Diagnostics;

/// <summary>
/// Issue 10, observability: a host that listens to <see cref="FederationTelemetry.SourceName"/> sees an activity and a
/// duration for each fetch, publish and query, and each query's chains by trust state, collected with the BCL's own
/// <see cref="ActivityListener"/> and <see cref="MeterListener"/> (what OpenTelemetry's exporters sit on).
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly TwoTowns _towns = new();
    private readonly ConcurrentBag<Activity> _activities = [];
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FederationTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Add,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FederationTelemetry.SourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fetch_publish_and_every_query_report_an_activity_a_duration_and_the_chains_they_read()
    {
        // A parent activity of the test's own: the SDK's activities are its children, so those of tests running
        // beside this one (same process, same listener) are told apart by trace id.
        using var parent = new Activity("telemetry-test").Start();
        await _towns.PublishAliceAsync(Ct);
        await using var bob = TwoTowns.OpenAs(_towns.Bob.Root, "web/crew/bob");
        var remoteName = "alice-" + Guid.NewGuid().ToString("N")[..8];
        bob.Remotes.Add(remoteName, _towns.AliceGitUrl, GtUri.Parse(TwoTowns.AliceChain));

        (await bob.FetchAsync(remoteName, cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        await bob.Queries.ShowAsync("bb-1", Ct);
        await bob.Queries.GetReadyWorkAsync(Ct);
        await Should.ThrowAsync<FederationException>(() => bob.Queries.ShowAsync("bb-404", Ct).AsTask());
        await bob.PublishAsync(new PublishOptions { Rigs = ["web"] }, Ct);

        var ours = _activities.Where(a => a.TraceId == parent.TraceId).ToList();
        var fetch = ours.Where(a => a.OperationName == FederationTelemetry.FetchActivity).ShouldHaveSingleItem();
        fetch.GetTagItem(FederationTelemetry.RemoteTag).ShouldBe(remoteName);
        fetch.GetTagItem(FederationTelemetry.OutcomeTag).ShouldBe("ok");
        var queries = ours.Where(a => a.OperationName == FederationTelemetry.QueryActivity).ToList();
        queries.Select(a => (a.GetTagItem(FederationTelemetry.QueryTag), a.GetTagItem(FederationTelemetry.OutcomeTag)))
            .ShouldBe([("show", "ok"), ("ready", "ok"), ("show", "NotFound")], ignoreOrder: true);
        queries.Single(a => Equals(a.GetTagItem(FederationTelemetry.OutcomeTag), "NotFound")).Status.ShouldBe(ActivityStatusCode.Error);
        ours.ShouldContain(a => a.OperationName == FederationTelemetry.PublishActivity && Equals(a.GetTagItem(FederationTelemetry.OutcomeTag), "committed"));

        _meterListener.RecordObservableInstruments();
        _measurements.ShouldContain(m => m.Instrument == FederationTelemetry.FetchDuration && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.RemoteTag), remoteName) && m.Value > 0);
        _measurements.ShouldContain(m => m.Instrument == FederationTelemetry.QueryDuration && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.QueryTag), "ready"));
        _measurements.ShouldContain(m => m.Instrument == FederationTelemetry.QueryDuration && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.OutcomeTag), "NotFound"));
        _measurements.ShouldContain(m => m.Instrument == FederationTelemetry.PublishDuration && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.OutcomeTag), "committed"));
        // The show of bb-1 read bob's own chain and alice's (its dependency): both verified.
        _measurements.Count(m => m.Instrument == FederationTelemetry.QueryChains && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.QueryTag), "show") && Equals(m.Tags.GetValueOrDefault(FederationTelemetry.TrustTag), "Verified"))
            .ShouldBeGreaterThanOrEqualTo(2);
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _towns.Dispose();
    }
}
