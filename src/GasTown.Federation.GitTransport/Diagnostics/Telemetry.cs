using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GasTown.Federation.GitTransport;

/// <summary>This package's activities and instruments, under the SDK's shared names (<see cref="FederationTelemetry"/>).</summary>
internal static class Telemetry
{
    public static readonly ActivitySource Source = new(FederationTelemetry.SourceName);

    private static readonly Meter Meter = new(FederationTelemetry.SourceName);

    public static readonly Histogram<double> FetchDuration = Meter.CreateHistogram<double>(
        FederationTelemetry.FetchDuration, unit: "s", description: "How long each remote's fetch took.");

    public static readonly Histogram<double> PublishDuration = Meter.CreateHistogram<double>(
        FederationTelemetry.PublishDuration, unit: "s", description: "How long each publish or withdrawal took.");
}
