using GasTown.Federation.Model;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Demo;

/// <summary>Runs gtfed commands in-process, printing each one first, and stops the demo on the first failure.</summary>
internal sealed class DemoSteps(IAnsiConsole console)
{
    public Task RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>
    /// Runs a command with extra SDK settings, as a host (or the environment variable <paramref name="setting"/> names)
    /// would give them; the setting is printed above the command, as BD_ACTOR is.
    /// </summary>
    public async Task RunWithAsync(string setting, Action<IGasTownFederationBuilder> configure, params string[] args)
    {
        console.WriteLine();
        console.MarkupLine($"[grey]{Markup.Escape(setting)}[/]");
        await RunAsync(With(configure), args).ConfigureAwait(false);
    }

    /// <summary>Runs a command as an agent (BD_ACTOR) with extra SDK settings (its own signing key, say).</summary>
    public Task RunAsActorWithAsync(string actor, string setting, Action<IGasTownFederationBuilder> configure, params string[] args)
        => RunAsActorAsync(actor, With(configure), args, setting);

    private static GtFedHost With(Action<IGasTownFederationBuilder> configure)
    {
        var current = GtFedHost.Current;
        return current with
        {
            ConfigureTown = builder =>
            {
                current.ConfigureTown?.Invoke(builder);
                configure(builder);
            },
        };
    }

    /// <summary>Runs a command whose standard output is a file's content (<c>gtfed … &gt; FILE</c>): it is written to <paramref name="file"/> and shown.</summary>
    public async Task RunToFileAsync(string file, params string[] args)
    {
        using var captured = new StringWriter();
        var current = GtFedHost.Current;
        await RunAsync(current with { Out = captured }, args, $" > {file}").ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, captured.ToString()).ConfigureAwait(false);
        console.Profile.Out.Writer.Write(captured.ToString());
        console.Profile.Out.Writer.WriteLine();
    }

    private async Task RunAsync(GtFedHost? host, string[] args, string redirect = "")
    {
        console.WriteLine();
        var command = $"$ gtfed {string.Join(' ', args.Select(Quote))}{redirect}";
        if (console.Profile.Capabilities.Ansi)
        {
            console.MarkupLine($"[bold green]{Markup.Escape(command)}[/]");
        }
        else
        {
            // Redirected: one unwrapped line per command, so a log can be replayed by copying lines.
            console.Profile.Out.Writer.WriteLine(command);
        }
        var exitCode = await GtFedCommandLine.RunAsync(args, CancellationToken.None, host).ConfigureAwait(false);
        if (exitCode != ExitCodes.Success)
        {
            throw new GtFedException(exitCode, $"demo step 'gtfed {string.Join(' ', args)}' failed with exit code {exitCode}.");
        }
    }

    /// <summary>Runs a command as an agent host would: with BD_ACTOR naming the agent.</summary>
    public Task RunAsActorAsync(string actor, params string[] args) => RunAsActorAsync(actor, null, args);

    private async Task RunAsActorAsync(string actor, GtFedHost? host, string[] args, string? setting = null)
    {
        var previousBeads = Environment.GetEnvironmentVariable("BEADS_ACTOR");
        var previousBd = Environment.GetEnvironmentVariable("BD_ACTOR");
        Environment.SetEnvironmentVariable("BEADS_ACTOR", null);
        Environment.SetEnvironmentVariable("BD_ACTOR", actor);
        try
        {
            console.WriteLine();
            if (setting is not null)
            {
                console.MarkupLine($"[grey]{Markup.Escape(setting)}[/]");
            }

            console.MarkupLine($"[grey]BD_ACTOR={Markup.Escape(actor)}[/]");
            await RunAsync(host, args).ConfigureAwait(false);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BEADS_ACTOR", previousBeads);
            Environment.SetEnvironmentVariable("BD_ACTOR", previousBd);
        }
    }

    private static string Quote(string arg) => arg.IndexOfAny(['*', ' ', '"', '{']) >= 0 ? $"'{arg}'" : arg;
}
