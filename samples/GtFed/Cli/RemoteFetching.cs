using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace GtFed.Cli;

/// <summary>
/// Fetches remotes for <c>gtfed fetch</c> and for a query's <c>--fetch</c>, always showing progress on standard
/// error: a live bar per remote on a terminal, else one line per remote as it starts and ends (so a redirected run is
/// never silent while it waits on the network). Remotes are fetched several at once, as many as the SDK's
/// <see cref="GitTransportOptions.MaxConcurrentFetches"/>, so one silent remote delays none of the others. One
/// remote's failure never hides the others' results, which come back in the order asked.
/// </summary>
internal static class RemoteFetching
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAsync(GtFedContext context, Town town, IReadOnlyList<string> remotes, CancellationToken cancellationToken)
    {
        var results = new FetchResult[remotes.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = town.Services.GetRequiredService<IOptions<GitTransportOptions>>().Value.MaxConcurrentFetches,
            CancellationToken = cancellationToken,
        };
        if (!context.Json && context.Human.Profile.Capabilities.Interactive)
        {
            await context.Human.Progress().StartAsync(async progressContext =>
            {
                // Every bar shows from the start, in the order asked; Spectre's tasks may be updated from any thread.
                var tasks = remotes.Select(remote => progressContext.AddTask(Markup.Escape(remote), maxValue: 1)).ToArray();
                await Parallel.ForEachAsync(Enumerable.Range(0, remotes.Count), parallel, async (i, ct) =>
                {
                    var task = tasks[i];
                    var progress = new SynchronousProgress<FetchProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalObjects);
                        task.Value = p.ReceivedObjects;
                        task.Description = $"{Markup.Escape(remotes[i])} {p.ReceivedObjects}/{p.TotalObjects} objects, {p.ReceivedBytes / 1024} KiB";
                    });
                    results[i] = await FetchOneAsync(town, remotes[i], progress, ct).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return results;
        }

        // Whole lines, one writer at a time: the lines of remotes fetched at once interleave, never their characters.
        using var noteGate = new SemaphoreSlim(1, 1);
        async Task NoteAsync(string message)
        {
            await noteGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await context.NoteAsync(message).ConfigureAwait(false);
            }
            finally
            {
                noteGate.Release();
            }
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, remotes.Count), parallel, async (i, ct) =>
        {
            var remote = remotes[i];
            await NoteAsync($"fetching {remote} ...").ConfigureAwait(false);
            var result = await FetchOneAsync(town, remote, progress: null, ct).ConfigureAwait(false);
            await NoteAsync(!result.Succeeded
                ? $"could not fetch {remote}"
                : result.NothingPublished
                    ? $"fetched {remote}: it publishes nothing to read yet"
                    : $"fetched {remote}: {result.UpdatedRefs} refs updated, {result.ReceivedObjects} objects").ConfigureAwait(false);
            results[i] = result;
        }).ConfigureAwait(false);

        return results;
    }

    /// <summary>
    /// How long <see cref="BringIndexUpToDateAsync"/> waits for another process's indexing: the index's own two minutes
    /// kept a finished fetch waiting with nothing on the screen; that process, or the next query, brings the index up to date.
    /// </summary>
    public static readonly TimeSpan IndexLockWaitAfterFetch = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>gtfed fetch</c>'s last step: brings the federation index up to date, with its progress on standard error, so the
    /// fetch pays for indexing what it brought instead of the next query. Not fatal when it fails (another process
    /// indexing longer than the lock timeout, an index this user may not write, a damaged file): the fetch stands, the
    /// failure is noted, and the next query tries again. A cancellation is not caught.
    /// </summary>
    public static async Task<IndexAfterFetch> BringIndexUpToDateAsync(GtFedContext context, Town town, CancellationToken cancellationToken)
    {
        var progress = new IndexProgressWriter(context.Error, live: !GtFedHost.Current.IsErrorRedirected);
        try
        {
            var refresh = await town.Index.RefreshAsync(progress, IndexLockWaitAfterFetch, cancellationToken).ConfigureAwait(false);
            await EndLineAsync().ConfigureAwait(false);
            return new IndexAfterFetch(refresh.LinesParsed, null);
        }
        catch (Exception failure) when (failure is FederationException or IOException or UnauthorizedAccessException)
        {
            // IOException and UnauthorizedAccessException: a damaged index file this user may not delete to build anew.
            await EndLineAsync().ConfigureAwait(false);
            var problem = SdkWording.ForPerson(failure.Message);
            await context.NoteAsync($"the index was not brought up to date (the fetch stands; the next query will try again): {problem}").ConfigureAwait(false);
            return new IndexAfterFetch(0, problem);
        }

        async Task EndLineAsync()
        {
            if (progress.LineOpen)
            {
                await context.Error.WriteLineAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A query's <c>--fetch</c>: every remote first; failures are noted (the query still answers from the last good fetch).</summary>
    public static async Task FetchEveryRemoteFirstAsync(GtFedContext context, Town town, CancellationToken cancellationToken)
    {
        var remotes = town.Remotes.List().Select(r => r.Name).ToList();
        foreach (var failed in (await FetchAsync(context, town, remotes, cancellationToken).ConfigureAwait(false)).Where(r => !r.Succeeded))
        {
            await context.NoteAsync($"could not fetch {failed.RemoteName} ({failed.Url}): {SdkWording.ForPerson(failed.Error!.Message)}").ConfigureAwait(false);
        }
    }

    private static async Task<FetchResult> FetchOneAsync(Town town, string remote, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await town.FetchAsync(remote, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteFetchException ex)
        {
            // One unreachable remote must not hide the others' results.
            return new FetchResult(remote, ex.Url ?? "", TimeProvider.System.GetUtcNow(), 0, 0, ex);
        }
    }

    /// <summary>Reports inline: <see cref="Progress{T}"/> posts to the thread pool, so its last reports could land after the fetch ended.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>What <see cref="BringIndexUpToDateAsync"/> did: the lines it parsed, or why it could not (as said to a person).</summary>
    internal sealed record IndexAfterFetch(long LinesParsed, string? Problem);
}
