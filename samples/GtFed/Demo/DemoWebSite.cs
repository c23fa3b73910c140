using System.Net;
using System.Net.Sockets;

namespace GtFed.Demo;

/// <summary>
/// The demo's stand-in for the entities' web sites: a real HTTP server on 127.0.0.1 (HttpListener, in this process)
/// that serves <c>/{domain}/.well-known/gastown.json</c> from files in a folder, as a web server serves a copied file.
/// Only that path is served; everything else is 404. Disposing it stops it.
/// </summary>
/// <remarks>
/// Discovery allows plain HTTP only to loopback, so the demo needs no network and no certificate; the discovery
/// base URL (<see cref="Template"/>) points the SDK here instead of <c>https://{domain}</c>.
/// </remarks>
internal sealed class DemoWebSite : IAsyncDisposable
{
    private const string WellKnownPath = "/.well-known/gastown.json";
    private readonly HttpListener _listener;
    private readonly string _folder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private DemoWebSite(HttpListener listener, int port, string folder)
    {
        _listener = listener;
        _folder = folder;
        Port = port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>The discovery base URL template that serves every domain from this server.</summary>
    public string Template => $"http://127.0.0.1:{Port}/{{domain}}";

    /// <summary>Where the document of <paramref name="domain"/> is to be copied.</summary>
    public string DocumentPath(string domain) => Path.Combine(_folder, domain, ".well-known", "gastown.json");

    /// <summary>Starts serving <paramref name="folder"/> on a free loopback port.</summary>
    public static DemoWebSite Start(string folder)
    {
        // HttpListener needs a fixed port: take a free one from the OS, then listen on it (again if another process took it).
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new DemoWebSite(listener, port, folder);
            }
            catch (HttpListenerException)
            {
                // Another process took the port between the probe and the start: try another, at most five times.
                listener.Close();
                if (attempt >= 5)
                {
                    throw;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping ends the pending accept; nothing else to do.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            // /{domain}/.well-known/gastown.json only; the domain is one path segment of safe characters.
            var path = context.Request.Url?.AbsolutePath ?? "";
            var domain = path.EndsWith(WellKnownPath, StringComparison.Ordinal) ? path[1..^WellKnownPath.Length] : "";
            var file = domain.Length > 0 && domain is not ("." or "..") && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? DocumentPath(domain) : null;
            if (file is null || !File.Exists(file))
            {
                response.StatusCode = 404;
                return;
            }

            var bytes = await File.ReadAllBytesAsync(file, _stop.Token).ConfigureAwait(false);
            response.ContentType = "application/json";
            response.Headers["Cache-Control"] = "no-cache";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        catch (UnauthorizedAccessException)
        {
            // An unreadable file is an answer too; the loop must keep serving.
            TrySetStatus(response, 500);
        }
    }

    private static void TrySetStatus(HttpListenerResponse response, int status)
    {
        try
        {
            response.StatusCode = status;
        }
        catch (InvalidOperationException)
        {
            // The headers went out already.
        }
    }
}
