using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// A remote whose server hangs: a listener on 127.0.0.1 that accepts every TCP connection and never sends a byte (ssh
/// waits for the server's banner, the git protocol for the ref advertisement). It holds the connections until disposed.
/// </summary>
public sealed class SilentHost : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed; // under the lock of _accepted

    /// <summary>Starts listening on a free port.</summary>
    public SilentHost()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections it has accepted.</summary>
    public int Accepted
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    /// <summary>An ssh URL of a repository at <paramref name="path"/> on this host (libgit2 runs <c>ssh … git-upload-pack</c> for it).</summary>
    public string SshUrl(string path) => $"ssh://git@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{path.TrimStart('/')}";

    /// <summary>An http:// URL of a repository at <paramref name="path"/> on this host (libgit2's own HTTP client).</summary>
    public string HttpUrl(string path) => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{path.TrimStart('/')}";

    /// <summary>A git:// URL of a repository at <paramref name="path"/> on this host (libgit2 speaks the protocol itself).</summary>
    public string GitUrl(string path) => $"git://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{path.TrimStart('/')}";

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                lock (_accepted)
                {
                    // Accepted as Dispose closed the others: closed here, as Dispose would have.
                    if (_disposed)
                    {
                        client.Dispose();
                        return;
                    }

                    _accepted.Add(client);
                }
            }
        }
        // InvalidOperationException: the listener was stopped between the loop's check and the accept.
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposed.
        }
    }

    /// <summary>Stops listening and closes every connection it held.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted)
        {
            _disposed = true;
            _accepted.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }
}
