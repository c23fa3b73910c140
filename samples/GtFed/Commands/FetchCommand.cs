using System.CommandLine;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary><c>gtfed fetch [NAME]</c>: fetch one remote, or every remote.</summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "The remote to fetch (default: every remote).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("fetch", "Fetch remote chains over git (NAME, or every remote when left out), with a progress bar.") { name };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, context => RunAsync(context, parse.GetValue(name), ct)));
        return command;
    }

    private static async Task<int> RunAsync(GtFedContext context, string? name, CancellationToken cancellationToken)
    {
        var town = context.OpenTown();
        var remotes = name is null ? town.Remotes.List().Select(r => r.Name).ToList() : [town.Remotes.Get(name).Name];
        if (remotes.Count == 0)
        {
            throw GtFedException.NotFound("No remotes to fetch: this town has registered none.", "Add one with: gtfed remote add NAME gt://ENTITY/CHAIN --url GIT-URL");
        }

        var results = new List<FetchResult>();
        if (!context.Json && context.Human.Profile.Capabilities.Interactive)
        {
            await context.Human.Progress().StartAsync(async progressContext =>
            {
                foreach (var remote in remotes)
                {
                    var task = progressContext.AddTask(Markup.Escape(remote), maxValue: 1);
                    var progress = new SynchronousProgress<FetchProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalObjects);
                        task.Value = p.ReceivedObjects;
                        task.Description = $"{Markup.Escape(remote)} {p.ReceivedObjects}/{p.TotalObjects} objects, {p.ReceivedBytes / 1024} KiB";
                    });
                    results.Add(await FetchOneAsync(town, remote, progress, cancellationToken).ConfigureAwait(false));
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var remote in remotes)
            {
                results.Add(await FetchOneAsync(town, remote, progress: null, cancellationToken).ConfigureAwait(false));
            }
        }

        if (context.Json)
        {
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartArray();
                foreach (var result in results)
                {
                    w.WriteStartObject();
                    w.WriteString("remote", result.RemoteName);
                    w.WriteString("url", result.Url);
                    w.WriteBoolean("succeeded", result.Succeeded);
                    w.WriteString("fetched_at", Timestamps.Format(result.FetchedAt));
                    w.WriteNumber("updated_refs", result.UpdatedRefs);
                    w.WriteNumber("received_objects", result.ReceivedObjects);
                    if (result.Error is not null)
                    {
                        w.WriteString("error", result.Error.Message);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var result in results)
            {
                var line = result.Succeeded
                    ? $"Fetched {result.RemoteName} ({result.Url}): {result.UpdatedRefs} refs updated, {result.ReceivedObjects} objects."
                    : $"Could not fetch {result.RemoteName} ({result.Url}): {result.Error!.Message}";
                line = TerminalText.Clean(line);
                await (result.Succeeded ? context.Out : context.Error).WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        return results.All(r => r.Succeeded) ? ExitCodes.Success : ExitCodes.RemoteOrIo;
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
}
