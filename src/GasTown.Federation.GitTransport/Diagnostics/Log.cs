using Microsoft.Extensions.Logging;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Every log message of the git transport, source-generated, with stable event ids (tests and
/// dashboards match on <c>Id*</c>, not on text). Policy: URLs are logged as registered, but
/// credentials are never logged — they only pass through LibGit2Sharp's credentials callback.
/// </summary>
internal static partial class Log
{
    internal const int IdRemoteAdded = 1;
    internal const int IdRemoteRemoved = 2;
    internal const int IdInvalidChainInConfig = 3;
    internal const int IdRemoteShadowsTown = 4;
    internal const int IdFetchStarted = 10;
    internal const int IdFetchSucceeded = 11;
    internal const int IdFetchFailed = 12;
    internal const int IdFetchCancelled = 13;
    internal const int IdPublishCommitted = 20;
    internal const int IdPublishUnchanged = 21;
    internal const int IdPushSucceeded = 22;
    internal const int IdPushFailed = 23;
    internal const int IdChainLoaded = 30;
    internal const int IdChainRefused = 31;
    internal const int IdAnsweringFromLastFetch = 32;

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

    [LoggerMessage(EventId = IdFetchFailed, EventName = "FetchFailed", Level = LogLevel.Warning,
        Message = "Fetching remote {RemoteName} from {Url} failed ({Kind})")]
    internal static partial void FetchFailed(ILogger logger, string remoteName, string url, FetchFailureKind kind, Exception exception);

    [LoggerMessage(EventId = IdFetchCancelled, EventName = "FetchCancelled", Level = LogLevel.Information,
        Message = "Fetching remote {RemoteName} was cancelled")]
    internal static partial void FetchCancelled(ILogger logger, string remoteName);

    [LoggerMessage(EventId = IdPublishCommitted, EventName = "PublishCommitted", Level = LogLevel.Information,
        Message = "Published {Commit} on {Branch} with rigs {Rigs} as {Actor} <{Owner}>")]
    internal static partial void PublishCommitted(ILogger logger, string commit, string branch, string rigs, string actor, string owner);

    [LoggerMessage(EventId = IdPublishUnchanged, EventName = "PublishUnchanged", Level = LogLevel.Information,
        Message = "Nothing changed since {Commit}; no commit made")]
    internal static partial void PublishUnchanged(ILogger logger, string commit);

    [LoggerMessage(EventId = IdPushSucceeded, EventName = "PushSucceeded", Level = LogLevel.Information,
        Message = "Pushed {Branch} to remote {RemoteName}")]
    internal static partial void PushSucceeded(ILogger logger, string branch, string remoteName);

    [LoggerMessage(EventId = IdPushFailed, EventName = "PushFailed", Level = LogLevel.Warning,
        Message = "Pushing {Branch} to remote {RemoteName} failed")]
    internal static partial void PushFailed(ILogger logger, string branch, string remoteName, Exception exception);

    [LoggerMessage(EventId = IdChainLoaded, EventName = "ChainLoaded", Level = LogLevel.Debug,
        Message = "Loaded chain {Chain} from remote {RemoteName} at {Commit}")]
    internal static partial void ChainLoaded(ILogger logger, string chain, string remoteName, string commit);

    [LoggerMessage(EventId = IdChainRefused, EventName = "ChainRefused", Level = LogLevel.Warning,
        Message = "Refused chain {Chain} from remote {RemoteName} at {Commit}")]
    internal static partial void ChainRefused(ILogger logger, string chain, string remoteName, string commit, Exception exception);

    [LoggerMessage(EventId = IdAnsweringFromLastFetch, EventName = "AnsweringFromLastFetch", Level = LogLevel.Information,
        Message = "Answering {Chain} from the data of remote {RemoteName} fetched at {FetchedAt}: {Reason}")]
    internal static partial void AnsweringFromLastFetch(ILogger logger, string chain, string remoteName, DateTimeOffset? fetchedAt, string reason);
}
