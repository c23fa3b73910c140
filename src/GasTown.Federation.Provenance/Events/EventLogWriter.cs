using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Appends actor-stamped events to a town's <c>.events.jsonl</c>, byte-compatible with upstream's <c>gt</c> and safe
/// against concurrent writers in other processes, upstream's included.
/// </summary>
/// <remarks>
/// <para>
/// Each line is <c>{"ts","source","type","actor","payload","visibility"}</c> in that order, as Go's
/// <c>json.Marshal</c> writes it: <c>ts</c> from the <see cref="TimeProvider"/> in UTC, whole seconds, <c>Z</c>;
/// <c>payload</c> with its keys sorted and omitted when empty; Go's escaping (<c>&lt;</c> <c>&gt;</c> <c>&amp;</c>
/// as <c>\u003c</c>…, U+2028/U+2029 escaped, other non-ASCII raw), written by Model's
/// <see cref="GasTown.Federation.Model.GoJsonWriter"/> as every other file of the SDK is; then <c>\n</c>.
/// </para>
/// <para>
/// Appends are serialised by an exclusive flock(2) on <c>&lt;town&gt;/.events.jsonl.lock</c>, the lock upstream takes
/// (gofrs/flock, gastown gt-p14p4). The wait is bounded by <see cref="ProvenanceOptions.LockTimeout"/> and cancellable.
/// All lines of a call are built in memory first and written with a single <c>write(2)</c> on an <c>O_APPEND</c>
/// descriptor, so each event is one complete line or nothing; cancellation is honoured until the write starts.
/// If the log does not end with a newline (a writer died mid-line), the append starts a new line first, so the torn
/// fragment is left alone on its line, where readers report it, and every later line is valid.
/// </para>
/// <para>
/// The actor is required: unlike upstream, which silently skips logging outside a town, a missing actor throws
/// <see cref="MissingActorException"/> and a missing town folder throws <see cref="DirectoryNotFoundException"/>.
/// </para>
/// </remarks>
public sealed class EventLogWriter
{
    private readonly IActorResolver _actorResolver;
    private readonly ProvenanceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>
    /// Signs every line written, when set and a key is configured (<see cref="IEventLineSigner"/>): the line gains a
    /// last <c>gt_sig</c> member that upstream's readers ignore. Null (the default) writes upstream's lines exactly.
    /// </summary>
    public IEventLineSigner? Signer { get; init; }

    /// <summary>Creates a writer.</summary>
    /// <param name="actorResolver">Gives the actor stamped on each event.</param>
    /// <param name="options">Source name and lock timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for <c>ts</c>; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Where lock contention and repairs are logged; <see langword="null"/> for none.</param>
    public EventLogWriter(IActorResolver actorResolver, ProvenanceOptions? options = null, TimeProvider? timeProvider = null, ILogger<EventLogWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(actorResolver);
        _actorResolver = actorResolver;
        _options = options ?? new ProvenanceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Appends one event and returns it as written.</summary>
    /// <param name="townRoot">The town's root folder (the one holding <c>mayor/town.json</c>).</param>
    /// <param name="type">The event type, for example <c>sling</c>.</param>
    /// <param name="payload">A JSON object, or <see langword="null"/> for none.</param>
    /// <param name="visibility">Who the event is for; upstream writes <see cref="EventVisibility.Feed"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock; nothing is written after cancellation.</param>
    /// <exception cref="MissingActorException">No actor is configured.</exception>
    /// <exception cref="EventLogLockTimeoutException">The lock was not free within <see cref="ProvenanceOptions.LockTimeout"/>.</exception>
    public ValueTask<TownEvent> AppendAsync(
        string townRoot,
        string type,
        JsonElement? payload = null,
        EventVisibility visibility = EventVisibility.Feed,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        return AppendAsync(townRoot, new TownEventDraft(type, payload, visibility), cancellationToken);
    }

    /// <summary>Appends one event whose payload is a <see cref="JsonObject"/> and returns it as written.</summary>
    /// <inheritdoc cref="AppendAsync(string, string, JsonElement?, EventVisibility, CancellationToken)"/>
    public ValueTask<TownEvent> AppendAsync(
        string townRoot,
        string type,
        JsonObject payload,
        EventVisibility visibility = EventVisibility.Feed,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(payload);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            payload.WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return AppendAsync(townRoot, new TownEventDraft(type, document.RootElement.Clone(), visibility), cancellationToken);
    }

    /// <summary>Appends one event described by a draft and returns it as written.</summary>
    /// <inheritdoc cref="AppendAsync(string, string, JsonElement?, EventVisibility, CancellationToken)"/>
    public async ValueTask<TownEvent> AppendAsync(string townRoot, TownEventDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var written = await AppendCoreAsync(townRoot, [draft], Drafts.One, cancellationToken).ConfigureAwait(false);
        return written[0];
    }

    /// <summary>
    /// Appends several events under one lock and in one write: far cheaper than one call per event, and no other
    /// writer's line lands between them. All are validated before anything is written; all or none are written.
    /// </summary>
    /// <param name="townRoot">The town's root folder.</param>
    /// <param name="drafts">The events, in order.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock; nothing is written after cancellation.</param>
    /// <returns>The events as written, in order.</returns>
    /// <exception cref="MissingActorException">A draft has no actor and none is configured.</exception>
    /// <exception cref="EventLogLockTimeoutException">The lock was not free within <see cref="ProvenanceOptions.LockTimeout"/>.</exception>
    public ValueTask<IReadOnlyList<TownEvent>> AppendBatchAsync(string townRoot, IReadOnlyList<TownEventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        return AppendCoreAsync(townRoot, drafts, Drafts.Batch, cancellationToken);
    }

    // Whether the drafts came as one (AppendAsync: a bad one is "the event", parameter draft) or as a batch ("event 3",
    // parameter drafts): the message and the parameter it names are the caller's own.
    private enum Drafts
    {
        One,
        Batch,
    }

    private async ValueTask<IReadOnlyList<TownEvent>> AppendCoreAsync(string townRoot, IReadOnlyList<TownEventDraft> drafts, Drafts given, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Directory.Exists(townRoot))
        {
            throw new DirectoryNotFoundException(
                $"The town root '{townRoot}' does not exist, so there is no event log to append to ({EventLogPaths.EventsFileName} lives in the town root). " +
                "Create the town first, or pass the folder that holds mayor/town.json.");
        }

        if (drafts.Count == 0)
        {
            return [];
        }

        var timestamp = EventLineWriter.TruncateToSeconds(_timeProvider.GetUtcNow());
        var timestampText = EventLineWriter.FormatTimestamp(timestamp);
        string? resolvedActor = null;

        // One spare byte in front: room for the newline that repairs a torn tail, so the write stays a single call.
        var buffer = new ArrayBufferWriter<byte>(256 * drafts.Count);
        buffer.Write("\n"u8);
        using var signing = Signer is null ? null : await Signer.BeginAsync(townRoot, cancellationToken).ConfigureAwait(false);
        var unsignedLine = signing is null ? null : new ArrayBufferWriter<byte>(256);
        var events = new TownEvent[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i] ?? throw new ArgumentException($"Draft {i} is null.", nameof(drafts));
            var (which, parameter) = given == Drafts.One ? ("The event", "draft") : ($"Event {i}", nameof(drafts));
            ValidateType(draft.Type, which, parameter);
            var visibilityText = EventLineWriter.VisibilityText(draft.Visibility);
            var actor = draft.Actor is { } explicitActor
                ? ValidateActor(explicitActor, which, parameter)
                : resolvedActor ??= _actorResolver.Resolve().RequireActor().Path;
            var source = draft.Source ?? _options.EventSource;
            var members = SortedPayload(draft.Payload, which, parameter);
            try
            {
                if (signing is null)
                {
                    EventLineWriter.WriteLine(buffer, timestampText, source, draft.Type, actor, members, visibilityText);
                }
                else
                {
                    // The signature covers the line exactly as upstream writes it (without its newline).
                    unsignedLine!.ResetWrittenCount();
                    EventLineWriter.WriteLine(unsignedLine, timestampText, source, draft.Type, actor, members, visibilityText);
                    var line = System.Text.Encoding.UTF8.GetString(unsignedLine.WrittenSpan).TrimEnd('\n');
                    buffer.Write(System.Text.Encoding.UTF8.GetBytes(signing.Sign(line) + "\n"));
                }
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800") into a string.
                throw new ArgumentException($"{which}'s payload holds a string that is not valid Unicode: {ex.Message}", parameter, ex);
            }

            events[i] = new TownEvent(timestamp, source, draft.Type, actor, members, draft.Visibility);
        }

        var eventsPath = EventLogPaths.EventsFile(townRoot);
        using (await EventLogLock.AcquireAsync(EventLogPaths.LockFile(townRoot), _options.LockTimeout, _logger, cancellationToken).ConfigureAwait(false))
        {
            // Last chance to cancel: from here the lines are written whole.
            cancellationToken.ThrowIfCancellationRequested();
            var array = GetArray(buffer);
            if (EventFileAppender.Append(eventsPath, array, 1, buffer.WrittenCount - 1))
            {
                Log.TornTailRepaired(_logger, eventsPath);
            }
        }

        Log.EventsAppended(_logger, events.Length, buffer.WrittenCount - 1, eventsPath, resolvedActor ?? events[0].Actor);
        return events;
    }

    private static byte[] GetArray(ArrayBufferWriter<byte> buffer)
    {
        // ArrayBufferWriter exposes its array only as memory; it is always array-backed.
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var segment) && segment.Offset == 0
            ? segment.Array!
            : buffer.WrittenSpan.ToArray();
    }

    private static void ValidateType(string? type, string which, string parameter)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ArgumentException($"{which} has no type; give one such as \"sling\" or \"done\".", parameter);
        }
    }

    private static string ValidateActor(string actor, string which, string parameter) =>
        ActorId.TryParse(actor, out _, out var error)
            ? actor
            : throw new ArgumentException($"{which} has an invalid actor: {error}", parameter);

    private static Dictionary<string, JsonElement>? SortedPayload(JsonElement? payload, string which, string parameter)
    {
        if (payload is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"{which}'s payload is a JSON {element.ValueKind}; an event payload is a JSON object (or null for none).", parameter);
        }

        // A key given twice keeps its last value, as decoding into a Go map does; GoJsonWriter sorts when writing.
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            members[property.Name] = property.Value;
        }

        return members.Count == 0 ? null : members;
    }
}
