using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GasTown.Federation.TestSupport;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) that answers each path with a handler the test sets.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer()
    {
        // HttpListener needs a fixed port: take a free one from the OS, then listen on it.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and Start; a failed listener is closed, so take a new one.
                _listener = new HttpListener();
            }
        }

        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The discovery template that serves every domain from a folder of this server.</summary>
    public string Template => $"{BaseUrl}/{{domain}}";

    public int Requests => Volatile.Read(ref _requests);

    public void Serve(string path, Func<HttpListenerContext, Task> handler) => _routes[path] = handler;

    /// <summary>Serves <paramref name="json"/> as <c>/{domain}/.well-known/gastown.json</c>.</summary>
    public void ServeDocument(string domain, string json, string? cacheControl = null) => Serve($"/{domain}/.well-known/gastown.json", async context =>
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentType = "application/json";
        if (cacheControl is not null)
        {
            context.Response.Headers["Cache-Control"] = cacheControl;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    });

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            _ = Task.Run(async () =>
            {
                try
                {
                    if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var handler))
                    {
                        await handler(context);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                        context.Response.Close();
                    }
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
                catch (HttpListenerException)
                {
                    // The client went away (a timeout test): nothing to answer.
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
    }
}
