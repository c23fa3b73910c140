using System.Diagnostics;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Provenance.Tests.Support;

/// <summary>Starts real processes for the tests: git with a chosen environment, the EventAppender helper, flock(1).</summary>
internal static class ProcessRunner
{
    public static Process StartAppender(params string[] arguments) => HelperProgram.Start("GasTown.Federation.EventAppender", arguments);

    public static Process Start(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>Runs a command to completion and returns exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string fileName, string workingDirectory, Action<ProcessStartInfo>? configure, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        configure?.Invoke(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>git isolated from the machine's config, with the identity of <paramref name="environment"/> only.</summary>
    public static string Git(string workingDirectory, AgentEnvironment? environment, params string[] arguments)
    {
        var (code, output, error) = Run("git", workingDirectory, start =>
        {
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            foreach (var name in AgentEnvironment.IdentityVariableNames)
            {
                start.Environment.Remove(name);
            }

            environment?.ApplyTo(start.Environment);
        }, arguments);
        code.ShouldBe(0, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
