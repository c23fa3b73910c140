using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace GtFed.Tests;

/// <summary>Runs gtfed as its own process (dotnet gtfed.dll), the way a user or a script runs it.</summary>
internal static class GtFedProcess
{
    // GTFED_UNDER_TEST points the tests at another build (e.g. the previous commit's) to show a test fails there. Else
    // this build's gtfed, precompiled for this platform (tests/GtFedUnderTest.targets), or, where the tool is not
    // precompiled, the gtfed.dll built beside the tests.
    private static readonly string GtFedDll = Environment.GetEnvironmentVariable("GTFED_UNDER_TEST") ?? BuiltGtFed();

    private static string BuiltGtFed()
    {
        var published = typeof(GtFedProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "GtFedUnderTest")?.Value;
        if (published is null)
        {
            return Path.Combine(AppContext.BaseDirectory, "gtfed.dll");
        }

        return File.Exists(published)
            ? published
            : throw new FileNotFoundException($"The gtfed these tests run, {published}, is not there: build the test project (tests/GtFedUnderTest.targets publishes it).", published);
    }

    public static GtFedRun Run(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gtfed {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new GtFedRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static GtFedRun Run(params string[] args) => Run(null, null, args);

    /// <summary>Starts gtfed with its output redirected, for a test that reads it as it comes (or kills the process part way); the caller waits.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(null, null, args))!;

    private static ProcessStartInfo StartInfo(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(GtFedDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A clean, known identity: no actor unless the test gives one, and no user git config.
        start.Environment.Remove("BEADS_ACTOR");
        start.Environment.Remove("BD_ACTOR");
        // USER is bd's last actor fallback: without it, the only identity is what the test sets (git config, --actor).
        start.Environment.Remove("USER");
        start.Environment.Remove("GIT_AUTHOR_EMAIL");
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}

/// <summary>What one gtfed process printed and how it exited.</summary>
internal sealed record GtFedRun(int ExitCode, string StandardOutput, string StandardError)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(StandardOutput);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
