using System.Diagnostics;

namespace GasTown.Federation.Query;

/// <summary>
/// Says on a query's activity where its answer came from (tag <see cref="Tag"/>: <see cref="Index"/> or
/// <see cref="Chains"/>), so a host or a test can see that the index answered without the answer changing.
/// </summary>
internal static class QuerySource
{
    public const string Tag = "gastown.query.source";

    public const string Index = "index";

    public const string Chains = "chains";

    public static void Mark(string source)
    {
        // Only this package's query activity: never tag a caller's activity when no one listens to ours.
        if (Activity.Current is { } activity && activity.Source == Telemetry.Source && activity.OperationName == FederationTelemetry.QueryActivity)
        {
            activity.SetTag(Tag, source);
        }
    }
}
