using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GtFed.Tests.Identity;

/// <summary>A real HTTP server on 127.0.0.1 serving fixed documents by path (what a domain's web server does for .well-known).</summary>
internal sealed class StaticHttpServer : IDisposable
{
    private HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    public StaticHttpServer()
    {
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

        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The value of GASTOWN_DISCOVERY_BASE_URL that sends every domain here.</summary>
    public string DiscoveryTemplate => $"http://127.0.0.1:{Port}/{{domain}}";

    public void Serve(string path, string body) => _documents[path] = body;

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            try
            {
                if (_documents.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
                {
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
            catch (HttpListenerException)
            {
            }
        }
    }
}
