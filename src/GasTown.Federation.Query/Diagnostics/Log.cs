using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>
/// Every log message of the Query package, with stable EventIds (3000–3099; never renumber, only add).
/// Policy: messages carry URIs, counts and reasons, never file contents or credentials.
/// </summary>
internal static partial class Log
{
    /// <summary>The first EventId of this package's range (Model 1000–1099, Provenance 1100–1199, GitTransport 2000–2099, Query 3000–3099).</summary>
    internal const int FirstEventId = 3000;

    /// <summary>The last EventId of this package's range.</summary>
    internal const int LastEventId = 3099;

    internal const int IdChainLoaded = 3001;
    internal const int IdChainUnavailable = 3002;
    internal const int IdChainLimitReached = 3003;
    internal const int IdWalkCompleted = 3004;
    internal const int IdWalkCut = 3005;
    internal const int IdUnresolvableReference = 3006;
    internal const int IdQueryStarted = 3007;
    internal const int IdCommitHistoryFailed = 3008;
    internal const int IdMalformedEvents = 3009;
    internal const int IdIndexFailed = 3010;

    [LoggerMessage(EventId = IdChainLoaded, EventName = "ChainLoaded", Level = LogLevel.Debug,
        Message = "Loaded chain {Chain} ({WorkUnits} work units) for the query")]
    internal static partial void ChainLoaded(ILogger logger, string chain, int workUnits);

    [LoggerMessage(EventId = IdChainUnavailable, EventName = "ChainUnavailable", Level = LogLevel.Warning,
        Message = "Chain {Chain} is unavailable ({Reason}): {Detail}")]
    internal static partial void ChainUnavailable(ILogger logger, string chain, UnreachableReason reason, string? detail);

    [LoggerMessage(EventId = IdChainLimitReached, EventName = "ChainLimitReached", Level = LogLevel.Warning,
        Message = "The query reached its limit of {MaxChains} chains; chain {Chain} was not loaded")]
    internal static partial void ChainLimitReached(ILogger logger, int maxChains, string chain);

    [LoggerMessage(EventId = IdWalkCompleted, EventName = "WalkCompleted", Level = LogLevel.Debug,
        Message = "Walk from {Start} visited {Nodes} work units over {Chains} chains in {Rounds} rounds")]
    internal static partial void WalkCompleted(ILogger logger, string start, int nodes, int chains, int rounds);

    [LoggerMessage(EventId = IdWalkCut, EventName = "WalkCut", Level = LogLevel.Warning,
        Message = "Walk from {Start} was cut by {Stop} after {Nodes} work units; raise QueryOptions to see more")]
    internal static partial void WalkCut(ILogger logger, string start, GasTown.Federation.Model.FederationWalkStop stop, int nodes);

    [LoggerMessage(EventId = IdUnresolvableReference, EventName = "UnresolvableReference", Level = LogLevel.Debug,
        Message = "Reference '{Reference}' in {WorkUnit} could not be resolved: {Reason}")]
    internal static partial void UnresolvableReference(ILogger logger, string reference, string workUnit, string reason);

    [LoggerMessage(EventId = IdQueryStarted, EventName = "QueryStarted", Level = LogLevel.Debug,
        Message = "Query {Query} started for {Target}")]
    internal static partial void QueryStarted(ILogger logger, string query, string target);

    [LoggerMessage(EventId = IdCommitHistoryFailed, EventName = "CommitHistoryFailed", Level = LogLevel.Warning,
        Message = "Commit history of chain {Chain} could not be read; the audit leaves its commits out")]
    internal static partial void CommitHistoryFailed(ILogger logger, Exception exception, string chain);

    [LoggerMessage(EventId = IdIndexFailed, EventName = "IndexFailed", Level = LogLevel.Warning,
        Message = "The index could not answer {Query}; the query loads the chains instead")]
    internal static partial void IndexFailed(ILogger logger, Exception exception, string query);

    [LoggerMessage(EventId = IdMalformedEvents, EventName = "MalformedEvents", Level = LogLevel.Warning,
        Message = "Chain {Chain}: {Count} malformed lines in .events.jsonl were skipped")]
    internal static partial void MalformedEvents(ILogger logger, string chain, int count);
}
