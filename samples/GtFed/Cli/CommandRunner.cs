using System.CommandLine;

namespace GtFed.Cli;

/// <summary>
/// Runs one command handler and turns every failure into a message on standard error and an exit
/// code (DESIGN §9), so no command ever ends in a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, Func<GtFedContext, Task<int>> handler)
    {
        var context = new GtFedContext(parseResult);
        try
        {
            return await handler(context).ConfigureAwait(false);
        }
        catch (GtFedException ex)
        {
            await context.ReportErrorAsync(ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.ReportErrorAsync("Cancelled; nothing was changed by the step that was running.").ConfigureAwait(false);
            return ExitCodes.RemoteOrIo;
        }
        catch (Exception ex) when (ErrorMapping.TryMap(ex, out var exitCode, out var message))
        {
            await context.ReportErrorAsync(message).ConfigureAwait(false);
            return exitCode;
        }
        catch (Exception ex)
        {
            // Not an error the SDK anticipated: still no stack trace on the user's screen, but enough to report it.
            await context.ReportErrorAsync($"unexpected {ex.GetType().Name}: {ex.Message} (please report this with the command you ran)").ConfigureAwait(false);
            return ExitCodes.RemoteOrIo;
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }
}
