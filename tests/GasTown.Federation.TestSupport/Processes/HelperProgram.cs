using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// The small programs the tests run as real processes (tests/GasTown.Federation.EventAppender, PublishRunner, …):
/// found built beside the running test project, in the same configuration and target framework, and started with
/// <c>dotnet</c>. One place for the path rule, so a moved build folder breaks one file.
/// </summary>
public static class HelperProgram
{
    /// <summary>The helper project's built dll, e.g. <c>tests/GasTown.Federation.EventAppender/bin/Debug/net10.0/GasTown.Federation.EventAppender.dll</c>.</summary>
    /// <exception cref="FileNotFoundException">The helper was not built (its project must be referenced by the test project, or in the solution).</exception>
    public static string DllOf(string project)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var testsFolder = tfm.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(testsFolder, project, "bin", configuration, tfm.Name, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The helper program should have been built with the tests: {dll}", dll);
    }

    /// <summary>Starts the helper with its output redirected; the caller reads it and waits.</summary>
    public static Process Start(string project, params IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DllOf(project));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
