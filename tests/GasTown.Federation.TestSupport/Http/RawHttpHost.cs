using System.Net;
using System.Net.Sockets;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// A hostile HTTP server on 127.0.0.1: for every connection it reads the request's head, writes the bytes the test gave
/// (a malformed status line, a body shorter than its Content-Length...) and closes. <see cref="LoopbackHttpServer"/>
/// (HttpListener) writes only well-formed responses; this one writes whatever a broken or hostile server may.
/// </summary>
public sealed class RawHttpHost : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _response;

    /// <summary>Starts listening on a free port; every request is answered with <paramref name="response"/>, then the connection is closed.</summary>
    public RawHttpHost(byte[] response)
    {
        _response = response;
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The discovery template that serves every domain from this host.</summary>
    public string Template => $"http://127.0.0.1:{Port}/{{domain}}";

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = AnswerAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposed.
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new List<byte>();
                var buffer = new byte[1];
                while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
                {
                    if (await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false) == 0)
                    {
                        return;
                    }

                    head.Add(buffer[0]);
                }

                await stream.WriteAsync(_response, _stop.Token).ConfigureAwait(false);
                await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the host was disposed.
            }
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
