using Spectre.Console;

namespace GtFed.Tests.Output;

/// <summary>A console as gtfed's is when its output is redirected: no ANSI, no colour, not interactive, 160 columns.</summary>
internal static class RedirectedConsole
{
    public static IAnsiConsole Over(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
