using GtFed.Cli;

// Ctrl+C cancels the running command through its CancellationToken instead of killing the process,
// so a fetch stops cleanly and a half-written file is never left behind.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await GtFedCommandLine.RunAsync(args, cancellation.Token).ConfigureAwait(false);
