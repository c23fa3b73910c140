using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Listens to the SDK's query activities and records where each answer came from (the <c>gastown.query.source</c> tag:
/// <c>index</c> or <c>chains</c>) and which query it was (the query tag), so a test can prove which path answered
/// without the answer telling.
/// </summary>
public sealed class QuerySources : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<(string? Query, string? Source)> _steps = [];

    // Queries of other tests run in parallel in this process: only those under this test's own root activity count.
    private readonly Activity _root;

    public QuerySources()
    {
        _root = new Activity("indexed-query-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FederationTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == FederationTelemetry.QueryActivity && activity.TraceId == _root.TraceId)
                {
                    lock (_steps)
                    {
                        _steps.Add((activity.GetTagItem(FederationTelemetry.QueryTag) as string, activity.GetTagItem("gastown.query.source") as string));
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The source of each query finished since the last call, in order, then forgets them.</summary>
    public IReadOnlyList<string?> Take() => [.. TakeSteps().Select(s => s.Source)];

    /// <summary>Each query finished since the last call (its name and source), in order, then forgets them.</summary>
    public IReadOnlyList<(string? Query, string? Source)> TakeSteps()
    {
        lock (_steps)
        {
            var taken = _steps.ToList();
            _steps.Clear();
            return taken;
        }
    }

    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
    }
}
