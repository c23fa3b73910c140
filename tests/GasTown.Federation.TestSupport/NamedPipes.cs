using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// Named pipes (FIFOs) planted where a file is read: opening one for reading waits for a writer, so code that opens it
/// as a file hangs. Tests await the code under test through <see cref="WithinAsync{T}"/>, which fails instead of
/// hanging the run, and lets a reader that did get stuck go.
/// </summary>
public static class NamedPipes
{
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

    /// <summary>
    /// <paramref name="work"/>'s result, or a <see cref="TimeoutException"/> after <paramref name="timeout"/>; then the
    /// pipe at <paramref name="pipe"/> is opened for writing and closed, which ends the read a stuck reader waits in.
    /// </summary>
    public static async Task<T> WithinAsync<T>(string pipe, Task<T> work, TimeSpan timeout)
    {
        try
        {
            return await work.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Opening for writing waits for a reader too: bounded, in case nothing is stuck on the pipe after all.
            var release = Task.Run(() =>
            {
                using (new FileStream(pipe, FileMode.Open, FileAccess.Write))
                {
                }
            });
            await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(5)));
            throw;
        }
    }
}
