using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Every log message of the provenance package, source-generated. EventIds 1100–1199 belong to this package and are
/// stable: tools filter on them. Event payloads are never logged (they may hold private work details); only paths,
/// counts, actors and types are.
/// </summary>
internal static partial class Log
{
    /// <summary>The first EventId of this package's range (Model 1000–1099, Provenance 1100–1199, GitTransport 2000–2099, Query 3000–3099).</summary>
    internal const int FirstEventId = 1100;

    /// <summary>The last EventId of this package's range.</summary>
    internal const int LastEventId = 1199;

    internal const int IdLockContended = 1100;
    internal const int IdLockAcquired = 1101;
    internal const int IdLockTimedOut = 1102;
    internal const int IdEventsAppended = 1103;
    internal const int IdTornTailRepaired = 1104;

    [LoggerMessage(EventId = IdLockContended, EventName = "LockContended", Level = LogLevel.Debug,
        Message = "Event log lock {LockPath} is held by another process ({Holder}); waiting")]
    internal static partial void LockContended(ILogger logger, string lockPath, string holder);

    [LoggerMessage(EventId = IdLockAcquired, EventName = "LockAcquired", Level = LogLevel.Debug,
        Message = "Event log lock {LockPath} acquired after {WaitMilliseconds} ms")]
    internal static partial void LockAcquired(ILogger logger, string lockPath, long waitMilliseconds);

    [LoggerMessage(EventId = IdLockTimedOut, EventName = "LockTimedOut", Level = LogLevel.Warning,
        Message = "Gave up waiting for event log lock {LockPath} after {Timeout} (holder: {Holder})")]
    internal static partial void LockTimedOut(ILogger logger, string lockPath, TimeSpan timeout, string holder);

    [LoggerMessage(EventId = IdEventsAppended, EventName = "EventsAppended", Level = LogLevel.Debug,
        Message = "Appended {Count} event(s) ({Bytes} bytes) to {EventsPath} as {Actor}")]
    internal static partial void EventsAppended(ILogger logger, int count, int bytes, string eventsPath, string actor);

    [LoggerMessage(EventId = IdTornTailRepaired, EventName = "TornTailRepaired", Level = LogLevel.Warning,
        Message = "Event log {EventsPath} did not end with a newline (a writer died mid-line); the next event starts on a new line")]
    internal static partial void TornTailRepaired(ILogger logger, string eventsPath);
}
