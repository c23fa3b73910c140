using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Named pipes (FIFOs) planted where a file is read or written: opening one for reading waits for a writer (and for
/// writing, for a reader), so code that opens it as a file hangs. Tests await the code under test through
/// <see cref="WithinAsync{T}(IReadOnlyList{string}, Task{T}, TimeSpan)"/>, which fails instead of hanging the run, and
/// lets whatever did get stuck go.
/// </summary>
public static class NamedPipes
{
    // How long stuck openers keep being released after a timeout: code that opens one planted pipe after another
    // (an issues file, then an event log) is stuck on the next one only once it has been let through the first.
    private static readonly TimeSpan ReleaseFor = TimeSpan.FromSeconds(5);

    /// <summary>Whether this system has <c>mkfifo(1)</c> and pipes behave as these tests expect (Linux).</summary>
    public static bool AreSupported => OperatingSystem.IsLinux();

    /// <summary>Replaces whatever is at <paramref name="path"/> with a named pipe (<c>mkfifo(1)</c>).</summary>
    public static void Create(string path)
    {
        File.Delete(path);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start mkfifo");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} exited with {process.ExitCode}");
        }
    }

    /// <summary><see cref="WithinAsync{T}(IReadOnlyList{string}, Task{T}, TimeSpan)"/> with one planted pipe.</summary>
    public static Task<T> WithinAsync<T>(string pipe, Task<T> work, TimeSpan timeout) => WithinAsync([pipe], work, timeout);

    /// <summary>
    /// <paramref name="work"/>'s result, or a <see cref="TimeoutException"/> after <paramref name="timeout"/>; then,
    /// for a few seconds, each of <paramref name="pipes"/> is opened for reading and writing and closed again, which
    /// ends the wait of an opener stuck on it (the stuck reader then reads the end of the pipe; a stuck writer writes
    /// into a pipe no one reads, and fails).
    /// </summary>
    public static async Task<T> WithinAsync<T>(IReadOnlyList<string> pipes, Task<T> work, TimeSpan timeout)
    {
        try
        {
            return await work.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // On Linux, opening a FIFO for reading and writing never waits: the opener is its own partner.
            var until = Stopwatch.StartNew();
            while (until.Elapsed < ReleaseFor && !work.IsCompleted)
            {
                foreach (var pipe in pipes)
                {
                    using (new FileStream(pipe, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
                    {
                    }
                }

                await Task.Delay(100);
            }

            throw;
        }
    }
}
