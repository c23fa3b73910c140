using System.CommandLine;
using GtFed.Commands;

namespace GtFed.Cli;

/// <summary>
/// The gtfed command line (DESIGN §9). Its shape is a contract: the README, the demo and the
/// end-to-end tests use exactly these names.
/// </summary>
internal static class GtFedCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "gtfed: name, relate, fetch, publish and audit work across Gas Town towns, with git as the only transport.");
        root.Options.Add(CommonOptions.Town);
        root.Options.Add(CommonOptions.Json);

        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(RigCommand.Create());
        root.Subcommands.Add(CreateCommand.Create());
        root.Subcommands.Add(UpdateCommand.Create());
        root.Subcommands.Add(CloseCommand.Create());
        root.Subcommands.Add(DepCommand.Create());
        root.Subcommands.Add(RemoteCommand.Create());
        root.Subcommands.Add(FetchCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(EventCommand.Create());
        root.Subcommands.Add(RelateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; usage errors end with <see cref="ExitCodes.BadInput"/>, not System.CommandLine's 1.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"gtfed: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'gtfed --help' or 'gtfed <command> --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
