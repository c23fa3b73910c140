namespace GasTown.Federation.Provenance;

/// <summary>How <see cref="EventLogReader.FollowAsync(string, EventFilter?, EventFollowOptions?, CancellationToken)"/> follows a log.</summary>
public sealed class EventFollowOptions
{
    /// <summary>How often the file is checked for new bytes.</summary>
    /// <value>The default value is 100 ms, the period of upstream's feed curator.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// <see langword="true"/> to start at the current end of the file and yield only new events (like <c>tail -f</c>
    /// and upstream's curator); <see langword="false"/> to yield the existing events first.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool StartAtEnd { get; init; }

    /// <summary>Called for every malformed line, torn tail and truncation noticed while following.</summary>
    public Action<EventLogDiagnostic>? OnDiagnostic { get; init; }
}
