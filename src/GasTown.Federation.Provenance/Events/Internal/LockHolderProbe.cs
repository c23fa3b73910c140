namespace GasTown.Federation.Provenance;

/// <summary>
/// Best effort: which process holds a flock on a file, from Linux's <c>/proc/locks</c> and <c>/proc/&lt;pid&gt;/fd</c>.
/// Only used to word a timeout message, so every failure just means "unknown".
/// </summary>
internal static class LockHolderProbe
{
    public static string? Describe(string lockPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var fullPath = Path.GetFullPath(lockPath);
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                // "12: FLOCK  ADVISORY  WRITE 4242 00:2f:1234 0 EOF"; waiters are marked "->" and do not hold it.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || fields[1] != "FLOCK" || fields[3] != "WRITE" || !int.TryParse(fields[4], out var pid))
                {
                    continue;
                }

                if (pid != Environment.ProcessId && HoldsOpen(pid, fullPath))
                {
                    var name = TryRead($"/proc/{pid}/comm")?.Trim();
                    return name is null ? $"pid {pid}" : $"pid {pid} ({name})";
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static bool HoldsOpen(int pid, string fullPath)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (string.Equals(new FileInfo(fd).LinkTarget, fullPath, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
