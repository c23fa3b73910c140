using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Demo;

/// <summary>Runs gtfed commands in-process, printing each one first, and stops the demo on the first failure.</summary>
internal sealed class DemoSteps(IAnsiConsole console)
{
    public async Task RunAsync(params string[] args)
    {
        console.WriteLine();
        var command = $"$ gtfed {string.Join(' ', args.Select(Quote))}";
        if (console.Profile.Capabilities.Ansi)
        {
            console.MarkupLine($"[bold green]{Markup.Escape(command)}[/]");
        }
        else
        {
            // Redirected: one unwrapped line per command, so a log can be replayed by copying lines.
            console.Profile.Out.Writer.WriteLine(command);
        }
        var exitCode = await GtFedCommandLine.RunAsync(args, CancellationToken.None).ConfigureAwait(false);
        if (exitCode != ExitCodes.Success)
        {
            throw new GtFedException(exitCode, $"demo step 'gtfed {string.Join(' ', args)}' failed with exit code {exitCode}.");
        }
    }

    /// <summary>Runs a command as an agent host would: with BD_ACTOR naming the agent.</summary>
    public async Task RunAsActorAsync(string actor, params string[] args)
    {
        var previousBeads = Environment.GetEnvironmentVariable("BEADS_ACTOR");
        var previousBd = Environment.GetEnvironmentVariable("BD_ACTOR");
        Environment.SetEnvironmentVariable("BEADS_ACTOR", null);
        Environment.SetEnvironmentVariable("BD_ACTOR", actor);
        try
        {
            console.WriteLine();
            console.MarkupLine($"[grey]BD_ACTOR={Markup.Escape(actor)}[/]");
            await RunAsync(args).ConfigureAwait(false);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BEADS_ACTOR", previousBeads);
            Environment.SetEnvironmentVariable("BD_ACTOR", previousBd);
        }
    }

    private static string Quote(string arg) => arg.Contains('*', StringComparison.Ordinal) || arg.Contains(' ', StringComparison.Ordinal) ? $"'{arg}'" : arg;
}
