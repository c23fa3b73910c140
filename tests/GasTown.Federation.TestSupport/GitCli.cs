using System.Diagnostics;

namespace GasTown.Federation.TestSupport;

/// <summary>Runs the real <c>git</c> command line, isolated from the machine's global and system config.</summary>
public static class GitCli
{
    /// <summary>Runs git in <paramref name="workingDirectory"/> and returns standard output; throws with stderr on a non-zero exit.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var result = TryRun(workingDirectory, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed in {workingDirectory} with exit code {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>Runs git and returns its exit code and output, whatever the exit code.</summary>
    public static GitResult TryRun(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tests must not depend on the developer's ~/.gitconfig (signing, hooks, default branch).
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_AUTHOR_NAME"] = "test";
        start.Environment["GIT_AUTHOR_EMAIL"] = "test@example.com";
        start.Environment["GIT_COMMITTER_NAME"] = "test";
        start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return new GitResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

/// <summary>What a git command printed and how it exited.</summary>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError);
