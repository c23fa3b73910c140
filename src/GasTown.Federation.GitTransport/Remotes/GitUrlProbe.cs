using System.ComponentModel;
using System.Diagnostics;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Checks that a git URL points at a repository another town can fetch, and whether it has a branch, by running
/// <c>git ls-remote</c>: the same question a fetch asks first, without fetching anything.
/// </summary>
/// <remarks>
/// The git process never prompts (<c>GIT_TERMINAL_PROMPT=0</c>, ssh in batch mode) and is ended, with its children,
/// when <see cref="TimeSpan"/> <c>timeout</c> passes or the token is cancelled, so a host that accepts a connection and
/// never answers cannot hold the caller.
/// </remarks>
public static class GitUrlProbe
{
    /// <summary>How long a probe waits by default.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The folder on this machine a fetch of <paramref name="url"/> reads: the path of a local path (a relative one against
    /// the current folder) or of a <c>file://</c> URL; <see langword="null"/> for a URL reached over the network
    /// (<c>https://</c>, <c>ssh://</c>, <c>git://</c>, or scp-like <c>[user@]host:path</c>), which only a probe or a fetch can
    /// check. Read as the fetch reads it, so a host can check a local folder before registering it at no cost.
    /// </summary>
    /// <param name="url">The git URL or local path.</param>
    /// <returns>The folder, or <see langword="null"/>.</returns>
    public static string? LocalFolderOf(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return GitUrl.LocalFolder(url);
    }

    /// <summary>Runs <c>git ls-remote URL refs/heads/BRANCH</c>.</summary>
    /// <param name="url">The git URL or local path, as a remote would hold it.</param>
    /// <param name="branch">The branch to look for (for example <see cref="FederationRepository.PublishedBranch"/>), or <see langword="null"/> to check only that the URL is a repository.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the probe (the git process is ended).</param>
    /// <returns>What git answered.</returns>
    public static async Task<GitUrlProbeResult> ProbeAsync(string url, string? branch = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        start.ArgumentList.Add("ls-remote");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(url);
        if (branch is not null)
        {
            start.ArgumentList.Add("refs/heads/" + branch);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            return new GitUrlProbeResult(url, false, null, $"git could not be started: {ex.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout ?? DefaultTimeout);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new GitUrlProbeResult(url, false, null, $"no answer within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
            }

            var output = await stdout.ConfigureAwait(false);
            var error = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                var firstLine = error.Split('\n', 2)[0].Trim();
                return new GitUrlProbeResult(url, false, null, firstLine.Length > 0 ? firstLine : $"git ls-remote exited with {process.ExitCode}");
            }

            string? tip = null;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0 && branch is not null && line[(tab + 1)..].Trim() == "refs/heads/" + branch)
                {
                    tip = line[..tab];
                }
            }

            return new GitUrlProbeResult(url, true, tip, null);
        }
    }
}
