using System.Diagnostics;
using System.Globalization;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The child processes a fetch starts, so they end with it. libgit2 fetches over ssh by running
/// <c>ssh … "git-upload-pack '…'"</c> as a child of this process; when a fetch times out or is cancelled while that
/// child waits on a silent server, the native call never returns on its own and the child would outlive the fetch
/// (and the host). Ending the child ends the native call too (its pipe closes).
/// </summary>
/// <remarks>
/// Linux only (<c>/proc</c>); elsewhere nothing is found and nothing is ended. A child is ended only when it was
/// started after the fetch began and its command line runs <c>upload-pack</c> on the fetched URL's path, so a
/// concurrent fetch of another remote, or any other child of the host, is left alone.
/// </remarks>
internal static class ChildProcesses
{
    /// <summary>The ids of this process's children now (empty where <c>/proc</c> is not available).</summary>
    public static HashSet<int> Snapshot()
    {
        var children = new HashSet<int>();
        if (!OperatingSystem.IsLinux())
        {
            return children;
        }

        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(directory);
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                if (ParentOf(directory) == self)
                {
                    children.Add(pid);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // /proc is a best effort: a process that ends while we look is simply not there.
        }

        return children;
    }

    /// <summary>Ends, with their own children, the children started since <paramref name="before"/> that fetch from <paramref name="url"/>.</summary>
    /// <returns>How many were ended.</returns>
    public static int EndFetchChildren(HashSet<int> before, string url)
    {
        var needle = GitUrl.RepositoryPath(url);
        var ended = 0;
        foreach (var pid in Snapshot())
        {
            if (before.Contains(pid))
            {
                continue;
            }

            var commandLine = CommandLine(pid);
            if (commandLine is null || !commandLine.Contains("upload-pack", StringComparison.Ordinal)
                || (needle.Length > 0 && !commandLine.Contains(needle, StringComparison.Ordinal)))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
                ended++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended on its own meanwhile.
            }
        }

        return ended;
    }

    private static string? ParentOf(string procDirectory)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses.
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var fields = stat[(close + 2)..].Split(' ', 3);
            return fields.Length >= 2 ? fields[1] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
