using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// A folder bind-mounted read-only over itself (Linux, root): every write under it fails with EROFS, as on a read-only
/// mount a town may be shared on. Unmounted when disposed.
/// </summary>
public sealed class ReadOnlyMount : IDisposable
{
    private readonly string _folder;

    private ReadOnlyMount(string folder) => _folder = folder;

    /// <summary>Mounts <paramref name="folder"/> read-only over itself; null where this process may not mount (not Linux, not root).</summary>
    public static ReadOnlyMount? TryBind(string folder)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Mount("--bind", folder, folder) != 0)
        {
            return null;
        }

        if (Mount("-o", "remount,bind,ro", folder) != 0)
        {
            Umount(folder);
            return null;
        }

        return new ReadOnlyMount(folder);
    }

    /// <inheritdoc />
    public void Dispose() => Umount(_folder);

    private static int Mount(params string[] arguments) => Run("mount", arguments);

    // Lazily: a file still open under it (a pooled connection) would otherwise keep the mount, and the folder read-only.
    private static void Umount(string folder) => Run("umount", "--lazy", folder);

    private static int Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no such command
        }
    }
}
