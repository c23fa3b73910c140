using System.ComponentModel;
using System.Diagnostics;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads git configuration the way <c>bd</c> does: by running <c>git config --get KEY</c>, so repository, global
/// (<c>~/.gitconfig</c>, <c>GIT_CONFIG_GLOBAL</c>) and system settings all count, in git's own order.
/// </summary>
/// <remarks>
/// A missing <c>git</c>, a key that is not set, a non-zero exit or a lookup slower than <see cref="Timeout"/> all read
/// as "not set": an identity fallback must never make an operation fail that would succeed with an explicit actor.
/// </remarks>
public sealed class GitCommandConfig : IGitConfig
{
    private readonly IReadOnlyDictionary<string, string?>? _environment;

    /// <summary>Creates a reader that runs git in <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">
    /// The folder git runs in, so that the repository's own <c>.git/config</c> counts (a town that is a git repository);
    /// <see langword="null"/> or a folder that does not exist for the process's current directory.
    /// </param>
    /// <param name="environment">
    /// Variables set (or, with a <see langword="null"/> value, removed) for the git process, for example
    /// <c>GIT_CONFIG_GLOBAL</c> or <c>HOME</c> of an agent a host acts for; <see langword="null"/> to inherit the process's.
    /// </param>
    public GitCommandConfig(string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        WorkingDirectory = string.IsNullOrWhiteSpace(workingDirectory) ? null : workingDirectory;
        _environment = environment;
    }


    /// <summary>How long one lookup may take before it counts as unset.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The folder git runs in, or <see langword="null"/> for the current directory.</summary>
    public string? WorkingDirectory { get; }

    /// <inheritdoc />
    public string? Get(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (WorkingDirectory is not null && Directory.Exists(WorkingDirectory))
        {
            start.WorkingDirectory = WorkingDirectory;
        }

        foreach (var (name, value) in _environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add("config");
        start.ArgumentList.Add("--get");
        start.ArgumentList.Add(key);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            // No git on PATH: there is no git identity to fall back to.
            return null;
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            using var registration = cancellationToken.Register(static p => Kill((Process)p!), process);
            if (!process.WaitForExit(Timeout))
            {
                Kill(process);
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                return null;
            }

            return output.GetAwaiter().GetResult();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own.
        }
    }
}
