using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Model;

/// <summary>
/// The log messages of GasTown.Federation.Model, with stable event ids (tests and dashboards key on the ids,
/// not the text). Policy: work-unit contents, credentials and URLs with user info are never logged; chain
/// URIs, file paths inside a chain and counts are.
/// </summary>
/// <remarks>
/// EventId ranges, one per package, so a host's log filter or dashboard can tell the packages apart by id alone:
/// Model 1000–1099, Provenance 1100–1199, GitTransport 2000–2099, Query 3000–3099. Never renumber an id; only add.
/// </remarks>
internal static partial class Log
{
    /// <summary>The first EventId of this package's range.</summary>
    internal const int FirstEventId = 1000;

    /// <summary>The last EventId of this package's range.</summary>
    internal const int LastEventId = 1099;

    internal const int IdChainLoaded = 1001;
    internal const int IdBlobParsed = 1002;
    internal const int IdBlobCacheHit = 1003;
    internal const int IdChainDiagnostics = 1004;
    internal const int IdIdentityMismatch = 1005;
    internal const int IdPathEscapeRefused = 1006;
    internal const int IdIdentityUnverified = 1007;
    internal const int IdLimitExceeded = 1009;
    internal const int IdLinesDropped = 1010;

    [LoggerMessage(EventId = IdChainLoaded, EventName = "ChainLoaded", Level = LogLevel.Debug,
        Message = "Loaded chain {Chain} ({Layout}) from {Source}: {RigCount} rigs, {WorkUnitCount} work units, {RelationshipCount} relationships, {DiagnosticCount} diagnostics")]
    internal static partial void ChainLoaded(ILogger logger, string chain, ChainLayout layout, string source, int rigCount, int workUnitCount, int relationshipCount, int diagnosticCount);

    [LoggerMessage(EventId = IdBlobParsed, EventName = "BlobParsed", Level = LogLevel.Trace,
        Message = "Parsed {Path} ({Bytes} bytes, content id {ContentId})")]
    internal static partial void BlobParsed(ILogger logger, string path, int bytes, string? contentId);

    [LoggerMessage(EventId = IdBlobCacheHit, EventName = "BlobCacheHit", Level = LogLevel.Trace,
        Message = "Reused the parsed {Path} (content id {ContentId})")]
    internal static partial void BlobCacheHit(ILogger logger, string path, string contentId);

    [LoggerMessage(EventId = IdChainDiagnostics, EventName = "ChainDiagnostics", Level = LogLevel.Warning,
        Message = "Chain {Chain} has {ErrorCount} unreadable entries; the first: {First}")]
    internal static partial void ChainDiagnostics(ILogger logger, string chain, int errorCount, string first);

    [LoggerMessage(EventId = IdIdentityMismatch, EventName = "IdentityMismatch", Level = LogLevel.Warning,
        Message = "Refused the chain from {Source}: expected {Expected}, its town.json says owner '{Owner}', name '{Name}'")]
    internal static partial void IdentityMismatch(ILogger logger, string source, string expected, string? owner, string? name);

    [LoggerMessage(EventId = IdPathEscapeRefused, EventName = "PathEscapeRefused", Level = LogLevel.Warning,
        Message = "Refused the chain from {Source}: {Reason}")]
    internal static partial void PathEscapeRefused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = IdLimitExceeded, EventName = "LimitExceeded", Level = LogLevel.Warning,
        Message = "Refused the chain from {Source}: it breaks the {Limit} limit: {Reason}")]
    internal static partial void LimitExceeded(ILogger logger, string source, ChainLimitKind limit, string reason);

    [LoggerMessage(EventId = IdLinesDropped, EventName = "LinesDropped", Level = LogLevel.Warning,
        Message = "Chain {Chain}: {Count} lines of its issues files hold no visible work unit; the first: {First}")]
    internal static partial void LinesDropped(ILogger logger, string chain, int count, string first);

    [LoggerMessage(EventId = IdIdentityUnverified, EventName = "IdentityUnverified", Level = LogLevel.Information,
        Message = "The identity of {Chain} from {Source} cannot be verified: {Reason}")]
    internal static partial void IdentityUnverified(ILogger logger, string chain, string source, string reason);
}
