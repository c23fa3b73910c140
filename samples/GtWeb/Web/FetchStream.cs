using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace GtWeb;

/// <summary>
/// "Fetch now" with live progress: <c>POST /fetch/stream</c> fetches every remote, as many at once as the SDK's
/// <see cref="GitTransportOptions.MaxConcurrentFetches"/> (as <see cref="Town.FetchAllAsync"/> does, so a silent remote
/// holds back none of the others), and streams newline-delimited JSON as it goes, the lines of remotes fetched at once
/// interleaved: <c>{"remote","received","total","bytes"}</c> while objects arrive, then
/// <c>{"remote","done":true,"ok","updated_refs","received_objects","nothing_published","error"?}</c> per remote, and last
/// <c>{"index":"up_to_date"}</c> or <c>{"index":"failed","error"}</c> once the federation index has caught up with what was
/// fetched (when any remote was). Text is sent with its controls and invisible characters shown by code point
/// (<see cref="VisibleControlsHtmlEncoder.ShowControls"/>), as the page shows them. The town page's script reads it; without script the page's form posts and shows the results when all are done.
/// </summary>
internal static class FetchStream
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    public static IEndpointRouteBuilder MapFetchStream(this IEndpointRouteBuilder app)
    {
        // Not part of the JSON API: it changes the town (git refs), so it takes the page's antiforgery token.
        app.MapPost("/fetch/stream", StreamAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task StreamAsync(HttpContext context, Town town, IAntiforgery antiforgery, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        // Progress arrives on the fetch's thread; a channel hands it to the one writer of the response.
        var lines = Channel.CreateUnbounded<Dictionary<string, object?>>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteAsync(context.Response, lines.Reader, cancellationToken);
        // Progress of several remotes arrives at once, each from its fetch's thread: each is thinned on its own.
        var lastReport = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var progress = new SynchronousProgress<FetchProgress>(p =>
        {
            var now = clock.GetUtcNow();
            if (now - lastReport.GetValueOrDefault(p.RemoteName, DateTimeOffset.MinValue) < ProgressInterval && p.ReceivedObjects < p.TotalObjects)
            {
                return;
            }

            lastReport[p.RemoteName] = now;
            lines.Writer.TryWrite(new() { ["remote"] = p.RemoteName, ["received"] = p.ReceivedObjects, ["total"] = p.TotalObjects, ["bytes"] = p.ReceivedBytes });
        });
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = town.Services.GetRequiredService<IOptions<GitTransportOptions>>().Value.MaxConcurrentFetches,
            CancellationToken = cancellationToken,
        };

        try
        {
            // Started in name order, so the page's rows (one per remote, added at its first line) come in that order.
            var fetched = 0;
            await Parallel.ForEachAsync(town.Remotes.List(), parallel, async (remote, ct) =>
            {
                lines.Writer.TryWrite(new() { ["remote"] = remote.Name, ["received"] = 0, ["total"] = 0, ["bytes"] = 0L });
                try
                {
                    var result = await town.FetchAsync(remote.Name, progress, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref fetched);
                    lines.Writer.TryWrite(new() { ["remote"] = remote.Name, ["done"] = true, ["ok"] = true, ["updated_refs"] = result.UpdatedRefs, ["received_objects"] = result.ReceivedObjects, ["nothing_published"] = result.NothingPublished });
                }
                catch (FederationException ex)
                {
                    // One failure does not stop the others, as FetchAllAsync.
                    lines.Writer.TryWrite(new() { ["remote"] = remote.Name, ["done"] = true, ["ok"] = false, ["error"] = ex.Message });
                }
            }).ConfigureAwait(false);

            // Then the index, when anything was fetched (as the form's post and gtfed fetch do), so the page reloaded next
            // answers from it at once instead of indexing what was fetched.
            if (fetched > 0)
            {
                lines.Writer.TryWrite(await IndexAfterFetch.RefreshAsync(town, cancellationToken).ConfigureAwait(false) is { } problem
                    ? new() { ["index"] = "failed", ["error"] = problem }
                    : new() { ["index"] = "up_to_date" });
            }
        }
        finally
        {
            lines.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpResponse response, ChannelReader<Dictionary<string, object?>> lines, CancellationToken cancellationToken)
    {
        await foreach (var line in lines.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var json = new Utf8JsonWriter(response.BodyWriter))
            {
                json.WriteStartObject();
                foreach (var (key, value) in line)
                {
                    switch (value)
                    {
                        // The page's script shows text with textContent, past the page's encoder: a server's words in a
                        // failure (a right-to-left override, invisible characters) are shown by code point here instead.
                        case string text: json.WriteString(key, VisibleControlsHtmlEncoder.ShowControls(text)); break;
                        case bool flag: json.WriteBoolean(key, flag); break;
                        case int number: json.WriteNumber(key, number); break;
                        case long number: json.WriteNumber(key, number); break;
                        default: json.WriteNull(key); break;
                    }
                }

                json.WriteEndObject();
            }

            await response.BodyWriter.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
