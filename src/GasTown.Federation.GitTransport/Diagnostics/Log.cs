using Microsoft.Extensions.Logging;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Every log message of the git transport, source-generated, with stable event ids (tests and
/// dashboards match on <c>Id*</c>, not on text). Policy: URLs are logged as registered, but
/// credentials are never logged — they only pass through LibGit2Sharp's credentials callback.
/// </summary>
/// <remarks>
/// EventId ranges, one per package, so a host's log filter or dashboard can tell the packages apart by id alone:
/// Model 1000–1099, Provenance 1100–1199, GitTransport 2000–2099, Query 3000–3099. Within this package: remotes
/// 2001–2009, fetch 2010–2019, publish 2020–2029, chains 2030–2039. Never renumber an id; only add.
/// </remarks>
internal static partial class Log
{
    /// <summary>The first EventId of this package's range.</summary>
    internal const int FirstEventId = 2000;

    /// <summary>The last EventId of this package's range.</summary>
    internal const int LastEventId = 2099;

    internal const int IdRemoteAdded = 2001;
    internal const int IdRemoteRemoved = 2002;
    internal const int IdInvalidChainInConfig = 2003;
    internal const int IdRemoteShadowsTown = 2004;
    internal const int IdFetchStarted = 2010;
    internal const int IdFetchSucceeded = 2011;
    internal const int IdFetchFailed = 2012;
    internal const int IdFetchCancelled = 2013;
    internal const int IdSnapshotRefused = 2014;
    internal const int IdFetchChildrenEnded = 2015;
    internal const int IdFetchFailureNotRecorded = 2016;
    internal const int IdPublishCommitted = 2020;
    internal const int IdPublishUnchanged = 2021;
    internal const int IdPushSucceeded = 2022;
    internal const int IdPushFailed = 2023;
    internal const int IdChainLoaded = 2030;
    internal const int IdChainRefused = 2031;
    internal const int IdAnsweringFromLastFetch = 2032;

    [LoggerMessage(EventId = IdRemoteAdded, EventName = "RemoteAdded", Level = LogLevel.Information,
        Message = "Registered remote {RemoteName} for {Chain} at {Url}")]
    internal static partial void RemoteAdded(ILogger logger, string remoteName, string chain, string url);

    [LoggerMessage(EventId = IdRemoteRemoved, EventName = "RemoteRemoved", Level = LogLevel.Information,
        Message = "Removed remote {RemoteName}")]
    internal static partial void RemoteRemoved(ILogger logger, string remoteName);

    [LoggerMessage(EventId = IdInvalidChainInConfig, EventName = "InvalidChainInConfig", Level = LogLevel.Warning,
        Message = "Remote {RemoteName} has gtUri '{Value}' in git config, which is not a gt:// chain URI; the remote is ignored until it is fixed")]
    internal static partial void InvalidChainInConfig(ILogger logger, string remoteName, string value);

    [LoggerMessage(EventId = IdRemoteShadowsTown, EventName = "RemoteShadowsTown", Level = LogLevel.Warning,
        Message = "Remote {RemoteName} serves {Chain}, the town's own chain; it is ignored so that queries read the town itself. Remove it, or keep it as a push target")]
    internal static partial void RemoteShadowsTown(ILogger logger, string remoteName, string chain);

    [LoggerMessage(EventId = IdFetchStarted, EventName = "FetchStarted", Level = LogLevel.Debug,
        Message = "Fetching remote {RemoteName} from {Url}")]
    internal static partial void FetchStarted(ILogger logger, string remoteName, string url);

    [LoggerMessage(EventId = IdFetchSucceeded, EventName = "FetchSucceeded", Level = LogLevel.Information,
        Message = "Fetched remote {RemoteName}: {ReceivedObjects} objects, {ReceivedBytes} bytes, {UpdatedRefs} refs updated")]
    internal static partial void FetchSucceeded(ILogger logger, string remoteName, int receivedObjects, long receivedBytes, int updatedRefs);

    // A failed fetch or push is thrown to the caller, who handles it (and logs it, with its stack, if it wants): logged here
    // as what happened, in its message's words, not with a stack trace for a host that is down.
    internal static void FetchFailed(ILogger logger, string remoteName, string url, FetchFailureKind kind, Exception exception)
        => FetchFailedCore(logger, remoteName, url, kind, exception.Message);

    [LoggerMessage(EventId = IdFetchFailed, EventName = "FetchFailed", Level = LogLevel.Warning,
        Message = "Fetching remote {RemoteName} from {Url} failed ({Kind}): {Reason}")]
    private static partial void FetchFailedCore(ILogger logger, string remoteName, string url, FetchFailureKind kind, string reason);

    [LoggerMessage(EventId = IdFetchCancelled, EventName = "FetchCancelled", Level = LogLevel.Information,
        Message = "Fetching remote {RemoteName} was cancelled")]
    internal static partial void FetchCancelled(ILogger logger, string remoteName);

    [LoggerMessage(EventId = IdSnapshotRefused, EventName = "SnapshotRefused", Level = LogLevel.Warning,
        Message = "Fetched remote {RemoteName}, but its snapshot {Commit} was refused ({Reason})")]
    internal static partial void SnapshotRefused(ILogger logger, string remoteName, string commit, Model.ChainUnavailableReason reason, Exception exception);

    [LoggerMessage(EventId = IdFetchChildrenEnded, EventName = "FetchChildrenEnded", Level = LogLevel.Information,
        Message = "Ended {Count} process(es) the stopped fetch of remote {RemoteName} had started")]
    internal static partial void FetchChildrenEnded(ILogger logger, string remoteName, int count);

    [LoggerMessage(EventId = IdPublishCommitted, EventName = "PublishCommitted", Level = LogLevel.Information,
        Message = "Published {Commit} on {Branch} with rigs {Rigs} as {Actor} <{Owner}>")]
    internal static partial void PublishCommitted(ILogger logger, string commit, string branch, string rigs, string actor, string owner);

    [LoggerMessage(EventId = IdPublishUnchanged, EventName = "PublishUnchanged", Level = LogLevel.Information,
        Message = "Nothing changed since {Commit}; no commit made")]
    internal static partial void PublishUnchanged(ILogger logger, string commit);

    [LoggerMessage(EventId = IdPushSucceeded, EventName = "PushSucceeded", Level = LogLevel.Information,
        Message = "Pushed {Branch} to remote {RemoteName}")]
    internal static partial void PushSucceeded(ILogger logger, string branch, string remoteName);

    internal static void PushFailed(ILogger logger, string branch, string remoteName, Exception exception)
        => PushFailedCore(logger, branch, remoteName, exception.Message);

    [LoggerMessage(EventId = IdPushFailed, EventName = "PushFailed", Level = LogLevel.Warning,
        Message = "Pushing {Branch} to remote {RemoteName} failed: {Reason}")]
    private static partial void PushFailedCore(ILogger logger, string branch, string remoteName, string reason);

    [LoggerMessage(EventId = IdChainLoaded, EventName = "ChainLoaded", Level = LogLevel.Debug,
        Message = "Loaded chain {Chain} from remote {RemoteName} at {Commit}")]
    internal static partial void ChainLoaded(ILogger logger, string chain, string remoteName, string commit);

    [LoggerMessage(EventId = IdChainRefused, EventName = "ChainRefused", Level = LogLevel.Warning,
        Message = "Refused chain {Chain} from remote {RemoteName} at {Commit}")]
    internal static partial void ChainRefused(ILogger logger, string chain, string remoteName, string commit, Exception exception);

    [LoggerMessage(EventId = IdAnsweringFromLastFetch, EventName = "AnsweringFromLastFetch", Level = LogLevel.Information,
        Message = "Answering {Chain} from the data of remote {RemoteName} fetched at {FetchedAt}: {Reason}")]
    internal static partial void AnsweringFromLastFetch(ILogger logger, string chain, string remoteName, DateTimeOffset? fetchedAt, string reason);

    [LoggerMessage(EventId = IdFetchFailureNotRecorded, EventName = "FetchFailureNotRecorded", Level = LogLevel.Warning,
        Message = "The failed fetch of remote {RemoteName} could not be recorded in the federation repository's config")]
    internal static partial void FetchFailureNotRecorded(ILogger logger, string remoteName, Exception exception);
}
