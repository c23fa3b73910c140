using System.CommandLine;

namespace GtFed.Cli;

/// <summary>
/// Runs one command handler and turns every failure into a message on standard error (and, with
/// --json, one error object on standard output) and an exit code (DESIGN §9), so no command ever ends
/// in a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, Func<GtFedContext, Task<int>> handler)
    {
        var context = new GtFedContext(parseResult, GtFedHost.Current);
        try
        {
            return await handler(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var error = ErrorMapping.Map(ex, ErrorMapping.CommandOf(parseResult), context.OpenedTown);
            await context.ReportErrorAsync(error).ConfigureAwait(false);
            return error.ExitCode;
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }
}
