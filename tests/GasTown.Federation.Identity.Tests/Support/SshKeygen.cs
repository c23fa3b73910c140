using System.Diagnostics;

namespace GasTown.Federation.Identity.Tests.Support;

/// <summary>Runs the real ssh-keygen: makes keys and signs or verifies as OpenSSH does.</summary>
public static class SshKeygen
{
    /// <summary>Creates a key without passphrase (or with one) at <paramref name="path"/>; returns the private key's path.</summary>
    public static string Create(string path, string type = "ed25519", string comment = "test key", string passphrase = "")
    {
        var arguments = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", comment, "-f", path };
        if (type == "rsa")
        {
            arguments.InsertRange(0, ["-b", "2048"]);
        }

        Run(null, arguments.ToArray());
        return path;
    }

    public static (int ExitCode, string Output) Run(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("ssh-keygen")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ssh-keygen did not finish");
        }

        var output = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        if (input is null && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen {string.Join(' ', arguments)} failed: {output}");
        }

        return (process.ExitCode, output);
    }
}
