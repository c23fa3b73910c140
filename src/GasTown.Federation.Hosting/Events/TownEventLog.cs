using System.Text.Json;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Hosting;

/// <summary>
/// The town's <c>.events.jsonl</c>: append actor-stamped events under upstream's lock and read them
/// back. Unlike <see cref="EventLogWriter"/>, which serves any town, it knows its town, so no call
/// takes a town root. Thread-safe.
/// </summary>
public sealed class TownEventLog
{
    private readonly Town _town;
    private readonly EventLogWriter _writer;

    internal TownEventLog(Town town, EventLogWriter writer)
    {
        _town = town;
        _writer = writer;
        FilePath = EventLogPaths.EventsFile(town.Root);
    }

    /// <summary>The log file, <c>&lt;town&gt;/.events.jsonl</c>.</summary>
    public string FilePath { get; }

    /// <summary>Appends one event, stamped with the agent of <see cref="Town.Identity"/>, and returns it as written.</summary>
    /// <param name="type">The event type, for example <c>sling</c>.</param>
    /// <param name="payload">A JSON object, or <see langword="null"/> for none.</param>
    /// <param name="visibility">Who the event is for; upstream writes <see cref="EventVisibility.Feed"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock; nothing is written after cancellation.</param>
    /// <returns>The event as written.</returns>
    /// <exception cref="MissingActorException">No actor is configured.</exception>
    /// <exception cref="EventLogLockTimeoutException">Another writer held the lock too long.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty or white space.</exception>
    public ValueTask<TownEvent> AppendAsync(string type, JsonElement? payload = null, EventVisibility visibility = EventVisibility.Feed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        return AppendAsync(new TownEventDraft(type, payload, visibility), cancellationToken);
    }

    /// <summary>Appends one event described by a draft and returns it as written.</summary>
    /// <param name="draft">The event.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    /// <returns>The event as written.</returns>
    public ValueTask<TownEvent> AppendAsync(TownEventDraft draft, CancellationToken cancellationToken = default)
    {
        _town.ThrowIfDisposed();
        return _writer.AppendAsync(_town.Root, draft, cancellationToken);
    }

    /// <summary>Appends several events under one lock, all or none.</summary>
    /// <param name="drafts">The events, in order.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    /// <returns>The events as written, in order.</returns>
    public ValueTask<IReadOnlyList<TownEvent>> AppendBatchAsync(IReadOnlyList<TownEventDraft> drafts, CancellationToken cancellationToken = default)
    {
        _town.ThrowIfDisposed();
        return _writer.AppendBatchAsync(_town.Root, drafts, cancellationToken);
    }

    /// <summary>Reads the whole log (a missing log is empty), with a diagnostic per malformed line.</summary>
    /// <param name="filter">Which events to return; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The events in file order, and what could not be read.</returns>
    public ValueTask<EventReadResult> ReadAsync(EventFilter? filter = null, CancellationToken cancellationToken = default)
    {
        _town.ThrowIfDisposed();
        return EventLogReader.ReadFileAsync(FilePath, filter, cancellationToken);
    }
}
