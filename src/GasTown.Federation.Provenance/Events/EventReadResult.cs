namespace GasTown.Federation.Provenance;

/// <summary>The events read from a log (those that passed the filter), and what was skipped or noticed.</summary>
public sealed class EventReadResult
{
    internal EventReadResult(IReadOnlyList<TownEvent> events, IReadOnlyList<EventLogDiagnostic> diagnostics, int lineCount)
    {
        Events = events;
        Diagnostics = diagnostics;
        LineCount = lineCount;
    }

    /// <summary>The events, in file order.</summary>
    public IReadOnlyList<TownEvent> Events { get; }

    /// <summary>Malformed lines and a torn tail, in file order.</summary>
    public IReadOnlyList<EventLogDiagnostic> Diagnostics { get; }

    /// <summary>How many lines the log had (a torn tail included).</summary>
    public int LineCount { get; }

    /// <summary>The torn last line, if the log ends in one (a writer died mid-append).</summary>
    public EventLogDiagnostic? TornTail => Diagnostics.Count > 0 && Diagnostics[^1].Kind == EventLogDiagnosticKind.TornTail ? Diagnostics[^1] : null;
}
