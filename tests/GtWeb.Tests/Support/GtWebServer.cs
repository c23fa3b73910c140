using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GtWeb.Tests;

/// <summary>
/// GtWeb as its own process on a free loopback port, started the way a user starts it
/// (<c>GtWeb --town DIR --urls http://127.0.0.1:PORT</c>), waited for with a bound, and killed on dispose.
/// </summary>
public sealed class GtWebServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public GtWebServer(string town)
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The project folder is the content root, as with dotnet run: its wwwroot holds the vendored graph library.
            WorkingDirectory = System.IO.Path.Combine(RepositoryRoot.Path, "samples", "GtWeb"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { System.IO.Path.Combine(AppContext.BaseDirectory, "GtWeb.dll"), "--town", town, "--urls", BaseAddress.ToString().TrimEnd('/'), "--contentRoot", start.WorkingDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilServing();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void WaitUntilServing()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"GtWeb exited with {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = client.GetAsync(Url("/")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Too slow to answer yet.
            }

            Thread.Sleep(200);
        }

        Dispose();
        throw new TimeoutException($"GtWeb did not serve {BaseAddress} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }
}
