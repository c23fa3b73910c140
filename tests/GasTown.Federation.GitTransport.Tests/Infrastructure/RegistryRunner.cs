using System.Diagnostics;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Starts the RegistryRunner helper (this folder's RegistryRunner project) as a real process, optionally as user
/// <c>nobody</c> through <c>setpriv</c> (the tests run as root, whom file permissions do not stop).
/// </summary>
internal static class RegistryRunner
{
    private const string Project = "GasTown.Federation.GitTransport.RegistryRunner";

    /// <summary>Whether this process may start the helper as another user (Linux, root, setpriv installed).</summary>
    public static bool CanRunAsNobody => OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");

    /// <summary>Runs the helper to its end and returns its output lines.</summary>
    public static Task<string[]> RunAsync(bool asNobody, params string[] arguments) => RunCoreAsync(asNobody, home: null, arguments);

    /// <summary>Runs the helper as user nobody to its end, with <c>HOME</c> at <paramref name="home"/> (where git reads the user's config), and returns its output lines.</summary>
    public static Task<string[]> RunAsNobodyAsync(string home, params string[] arguments) => RunCoreAsync(asNobody: true, home, arguments);

    private static async Task<string[]> RunCoreAsync(bool asNobody, string? home, string[] arguments)
    {
        using var process = Start(asNobody, home, arguments);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, await error);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    // The helper's build, copied once per test run where user nobody can read it: the test project's own folder may sit
    // in a folder only its owner may enter (a clone under a 0700 temporary folder, /root).
    private static readonly Lazy<string> ReadableCopy = new(() =>
    {
        var built = Path.GetDirectoryName(HelperDll())!;
        var copy = Path.Combine(Path.GetTempPath(), "gtfed-registry-runner-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // Only ever run as nobody on Linux (CanRunAsNobody).
        if (!OperatingSystem.IsWindows())
        {
            foreach (var folder in Directory.EnumerateDirectories(copy, "*", SearchOption.AllDirectories).Append(copy))
            {
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // 0755
            }
        }

        return copy;
    });

    private static string HelperDll()
    {
        // bin/<configuration>/<tfm> of this test project, and the same below RegistryRunner/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var projectFolder = tfm.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(projectFolder, "RegistryRunner", "bin", tfm.Parent!.Name, tfm.Name, Project + ".dll");
    }

    private static Process Start(bool asNobody, string? home, string[] arguments)
    {
        var dll = HelperDll();
        File.Exists(dll).ShouldBeTrue($"the helper should have been built with the tests: {dll}");
        var start = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asNobody)
        {
            foreach (var argument in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }

            // nobody's home does not exist: give dotnet somewhere to keep its first-run files.
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
            start.Environment["HOME"] = home ?? Path.GetTempPath();
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        }

        else if (home is not null)
        {
            start.Environment["HOME"] = home;
        }

        start.ArgumentList.Add(asNobody ? Path.Combine(ReadableCopy.Value, Path.GetFileName(dll)) : dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the helper");
    }
}
