using System.CommandLine;
using System.Reflection;
using System.Text.Json;
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
        root.Subcommands.Add(KeyCommand.Create());
        root.Subcommands.Add(WellKnownCommand.Create());
        root.Subcommands.Add(FetchCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(DependentsCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(SearchCommand.Create());
        root.Subcommands.Add(ChangesCommand.Create());
        root.Subcommands.Add(IndexCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(EventCommand.Create());
        root.Subcommands.Add(RelateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; usage errors end with <see cref="ExitCodes.BadInput"/>, not System.CommandLine's 1.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="host">Where to write and how to open towns; null for the current host (the console, or the demo's).</param>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken, GtFedHost? host = null)
    {
        if (host is not null)
        {
            GtFedHost.Use(host);
        }

        var current = GtFedHost.Current;
        var parseResult = Build().Parse(args);
        if (args.Length == 2 && args.Contains("--version", StringComparer.Ordinal) && args.Contains("--json", StringComparer.Ordinal))
        {
            // System.CommandLine's --version takes nothing beside it; a script asking for the version as JSON gets it.
            await using var context = new GtFedContext(parseResult, current);
            await context.WriteJsonAsync(WriteVersion).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // An option that took the next option as its value comes first: what System.CommandLine reports then (an argument
        // it could not place, or nothing at all) follows from it.
        var optionAsValue = OptionTakenAsValue.Find(parseResult);
        if (optionAsValue is not null || parseResult.Errors.Count > 0)
        {
            // The first error is the cause; System.CommandLine's follow-ups ("Required command was not provided") only repeat it.
            var message = optionAsValue
                ?? (parseResult.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parseResult.Errors[0]).Message;
            var error = new CliError(ExitCodes.BadInput, CliError.InvalidInput, message,
                $"Run '{ErrorMapping.CommandOf(parseResult)} --help' for usage.");
            await current.Error.WriteLineAsync($"gtfed: {TerminalText.Clean(error.Message)}").ConfigureAwait(false);
            await current.Error.WriteLineAsync($"  {error.Hint}").ConfigureAwait(false);
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                var context = new GtFedContext(parseResult, current);
                await context.WriteJsonAsync(w => ErrorJson.Write(w, error)).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = current.Out, Error = current.Error }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>{"version": "…"}</c>: the informational version <c>--version</c> prints.</summary>
    private static void WriteVersion(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("version", typeof(GtFedCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
        writer.WriteEndObject();
    }
}
