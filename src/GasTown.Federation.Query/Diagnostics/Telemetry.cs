using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GasTown.Federation.Query;

/// <summary>This package's activities and instruments, under the SDK's shared names (<see cref="FederationTelemetry"/>).</summary>
internal static class Telemetry
{
    public static readonly ActivitySource Source = new(FederationTelemetry.SourceName);

    private static readonly Meter Meter = new(FederationTelemetry.SourceName);

    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>(
        FederationTelemetry.QueryDuration, unit: "s", description: "How long each query took.");

    public static readonly Counter<long> QueryChains = Meter.CreateCounter<long>(
        FederationTelemetry.QueryChains, unit: "{chain}", description: "Chains each query read or tried, by trust state.");
}
