using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// A real <c>git daemon</c> serving <see cref="BasePath"/> on 127.0.0.1 and a free port, for
/// git:// fetches. Killed (by its own process id) on dispose.
/// </summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, string basePath, int port)
    {
        _process = process;
        BasePath = basePath;
        Port = port;
    }

    public string BasePath { get; }

    public int Port { get; }

    /// <summary>The git:// URL of a repository folder below <see cref="BasePath"/>.</summary>
    public string UrlOf(string repositoryPath)
        => $"git://127.0.0.1:{Port}/{Path.GetRelativePath(BasePath, repositoryPath).Replace('\\', '/')}";

    /// <summary>Starts a daemon serving <paramref name="basePath"/>.</summary>
    /// <param name="basePath">The folder whose repositories it serves.</param>
    /// <param name="packObjectsHook">
    /// A program upload-pack runs instead of <c>git pack-objects</c> (git's <c>uploadpack.packObjectsHook</c>, which only the
    /// command line or global config may set): its standard output is the pack sent, so a test can send a pack of its own.
    /// </param>
    public static GitDaemon Start(string basePath, string? packObjectsHook = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "daemon", "--reuseaddr", $"--base-path={basePath}", "--export-all", "--listen=127.0.0.1", $"--port={port}", basePath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        if (packObjectsHook is not null)
        {
            start.Environment["GIT_CONFIG_PARAMETERS"] = $"'uploadpack.packObjectsHook={packObjectsHook}'";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git daemon");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new GitDaemon(process, basePath, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"git daemon exited with {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return daemon;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        daemon.Dispose();
        throw new TimeoutException("git daemon did not accept connections within 20 s");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    /// <summary>A port nothing listens on now, on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
