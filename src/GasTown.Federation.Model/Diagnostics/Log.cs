using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Model;

/// <summary>
/// The log messages of GasTown.Federation.Model, with stable event ids (tests and dashboards key on the ids,
/// not the text). Policy: work-unit contents, credentials and URLs with user info are never logged; chain
/// URIs, file paths inside a chain and counts are.
/// </summary>
internal static partial class Log
{
    internal const int IdChainLoaded = 1;
    internal const int IdBlobParsed = 2;
    internal const int IdBlobCacheHit = 3;
    internal const int IdChainDiagnostics = 4;
    internal const int IdIdentityMismatch = 5;
    internal const int IdPathEscapeRefused = 6;
    internal const int IdIdentityUnverified = 7;
    internal const int IdChainCacheHit = 8;

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

    [LoggerMessage(EventId = IdChainCacheHit, EventName = "ChainCacheHit", Level = LogLevel.Trace,
        Message = "Reused the loaded chain {Chain} from {Source} at revision {Revision}")]
    internal static partial void ChainCacheHit(ILogger logger, string chain, string source, string revision);

    [LoggerMessage(EventId = IdIdentityUnverified, EventName = "IdentityUnverified", Level = LogLevel.Information,
        Message = "The identity of {Chain} from {Source} cannot be verified: {Reason}")]
    internal static partial void IdentityUnverified(ILogger logger, string chain, string source, string reason);
}
