using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests;

/// <summary>
/// GtWeb as its own process on a free loopback port, started the way a user starts it
/// (<c>dotnet GtWeb.dll --town DIR --urls http://127.0.0.1:PORT</c>), waited for with a bound, and killed on dispose.
/// </summary>
public sealed class GtWebServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <summary>
    /// The copy of GtWeb beside the tests, started in the project folder, in Production.
    /// </summary>
    public GtWebServer(string town)
        : this(town, System.IO.Path.Combine(AppContext.BaseDirectory, "GtWeb.dll"), System.IO.Path.Combine(RepositoryRoot.Path, "samples", "GtWeb"), "Production")
    {
    }

    /// <summary>
    /// <paramref name="dll"/> started in <paramref name="workingDirectory"/>; <paramref name="environment"/> is the
    /// ASP.NET Core environment, or null for neither ASPNETCORE_ENVIRONMENT nor DOTNET_ENVIRONMENT set (what a user's
    /// shell usually gives, hence Production).
    /// </summary>
    public GtWebServer(string town, string dll, string workingDirectory, string? environment)
        : this([dll], town, workingDirectory, environment)
    {
    }

    private GtWebServer(IReadOnlyList<string> dotnetArgs, string? town, string workingDirectory, string? environment)
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in dotnetArgs.Concat(town is null ? [] : ["--town", town]).Concat(["--urls", BaseAddress.ToString().TrimEnd('/')]))
        {
            start.ArgumentList.Add(arg);
        }

        // Whatever the test runner was given, the process gets only what the test asks for.
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        if (environment is not null)
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilServing();
    }

    /// <summary>GtWeb.dll in GtWeb's own build output (samples/GtWeb/bin/…), as a user runs it with <c>dotnet</c>.</summary>
    public static string BuiltDll { get; } = System.IO.Path.Combine(
        typeof(GtWebServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GtWebOutput").Value!,
        "GtWeb.dll");

    /// <summary>The build configuration of these tests, and so of the GtWeb built before them.</summary>
    private static string Configuration { get; } =
        typeof(GtWebServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public Uri BaseAddress { get; }

    /// <summary>
    /// GtWeb as the README runs it, <c>dotnet run --project samples/GtWeb</c> (without building: the tests' build built
    /// it), started in <paramref name="workingDirectory"/>, with <c>--town</c> only when <paramref name="town"/> is given.
    /// </summary>
    public static GtWebServer DotnetRun(string? town, string workingDirectory) => new(
        ["run", "--no-build", "-c", Configuration, "--project", System.IO.Path.Combine(RepositoryRoot.Path, "samples", "GtWeb"), "--"],
        town,
        workingDirectory,
        environment: null);

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
